// Negative return codes of the H.264 exports; src/video/h264/ turns each into a typed error.

/** Width or height is out of range (1..16880, at most 139264 macroblocks: level 6.2). */
export const ERR_BAD_SIZE: i32 = -1;
/** QP is outside 0..51. */
export const ERR_BAD_QP: i32 = -2;
/** The output buffer cannot hold the frame; the caller retries with a larger one. */
export const ERR_OUTPUT_TOO_SMALL: i32 = -3;
/** The workspace was not initialised by h264Init. */
export const ERR_BAD_WORKSPACE: i32 = -4;
