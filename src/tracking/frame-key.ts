// Which video a frame belongs to, and its place in it, from the frame's S3 key alone.
//
//   <videoId>/<name>.<index>.jpg      e.g. "cams/north/clip.0000123.jpg" -> video "cams/north", 123
//
// - The video is the key's folder: everything before the last "/" (it may itself contain "/").
// - The index is the run of ASCII digits right before the extension (MediaConvert frame capture
//   names frames `name.NNNNNNN.jpg`, 0-based, zero-padded to 7 digits; any number of digits is read).
// - Only .jpg/.jpeg files (any case) are frames: the same rule as the counter of captured frames,
//   so that a total counted from a listing and the indices tracked always agree.
//
// A key that fails any rule is still processed as a frame by the handler (its edge map is written),
// but it is NOT tracked: it counts towards no video, and the reason is logged. The reasons:
// no folder, empty video id, a video id shaped like a chunk key, not a .jpg/.jpeg, no index,
// index too large.
import { collidesWithChunkKey } from './table';

/** The largest total a video may have: 10 million frames is 92.6 hours at 30 frames per second. */
export const MAX_TOTAL_FRAMES = 10_000_000;

export interface TrackedFrame {
  tracked: true;
  key: string;
  videoId: string;
  /** 0-based frame index, 0 <= index < MAX_TOTAL_FRAMES. */
  index: number;
}

export interface UntrackedFrame {
  tracked: false;
  key: string;
  reason: string;
}

export type FrameKey = TrackedFrame | UntrackedFrame;

const FRAME_NAME = /(\d+)\.(jpe?g)$/i;
const FRAME_EXTENSION = /\.jpe?g$/i;

/** Parses a decoded S3 object key (not URL-encoded as in an S3 event record). */
export function parseFrameKey(key: string): FrameKey {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return untracked(key, 'no folder: a frame key is <videoId>/<name>.<index>.jpg');
  const videoId = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const refused = videoIdProblem(videoId);
  if (refused) return untracked(key, refused);
  if (!FRAME_EXTENSION.test(name)) return untracked(key, 'not a .jpg/.jpeg file');
  const digits = FRAME_NAME.exec(name)?.[1];
  if (digits === undefined) return untracked(key, 'no frame index: no digits right before the extension');
  const index = Number(digits);
  if (index >= MAX_TOTAL_FRAMES) return untracked(key, `frame index ${digits} is over the maximum ${MAX_TOTAL_FRAMES - 1}`);
  return { tracked: true, key, videoId, index };
}

/** Why `videoId` cannot be tracked, or undefined if it can. */
export function videoIdProblem(videoId: string): string | undefined {
  if (videoId === '') return 'empty video id (the key starts with "/")';
  if (collidesWithChunkKey(videoId)) return 'video id ends like a tracking chunk key ("#chunk#<n>")';
  return undefined;
}

/** True if `name` (a file name or key) ends in .jpg or .jpeg, any case. */
export function isJpegName(name: string): boolean {
  return FRAME_EXTENSION.test(name);
}

function untracked(key: string, reason: string): UntrackedFrame {
  return { tracked: false, key, reason };
}
