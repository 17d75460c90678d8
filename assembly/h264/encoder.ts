import { ERR_BAD_SIZE, ERR_OUTPUT_TOO_SMALL } from "./errors";
import { encodePicture } from "./frame";
import { writePps, writeSps } from "./parameter-sets";
import { bindWorkspace, evenHeight, evenWidth, initWorkspace, reconStride, referenceRecon, validSize, workspaceBytes } from "./workspace";

// The encoder's exports: sizes, set-up, parameter sets, one picture at a time. Each call names
// its workspace, so one instance serves any number of encoders.
// see: ITU-T H.264 (08/2021), Constrained Baseline profile (A.2.1.1).

/** Parameter sets are a few dozen bytes; this much room always suffices. */
const PARAMETER_SET_ROOM = 64;

/** Workspace bytes for a width x height encoder (each 1..16880, at most 139264 macroblocks), or ERR_BAD_SIZE. */
export function h264WorkspaceBytes(width: i32, height: i32): i32 {
  return workspaceBytes(width, height);
}

/** Prepares the workspace at ws (h264WorkspaceBytes long) for width x height frames at QP 0..51 and level_idc; 0 or an ERR_ code. */
export function h264Init(ws: usize, width: i32, height: i32, qp: i32, levelIdc: i32): i32 {
  if (!validSize(width, height)) return ERR_BAD_SIZE;
  return initWorkspace(ws, width, height, qp, levelIdc);
}

/** Writes the SPS NAL unit (no start code, no length) to dst; bytes written or an ERR_ code. */
export function h264WriteSps(ws: usize, dst: usize, capacity: i32): i32 {
  const bound = bindWorkspace(ws);
  if (bound < 0) return bound;
  if (capacity < PARAMETER_SET_ROOM) return ERR_OUTPUT_TOO_SMALL;
  return <i32>(writeSps(dst) - dst);
}

/** Writes the PPS NAL unit (no start code, no length) to dst; bytes written or an ERR_ code. */
export function h264WritePps(ws: usize, dst: usize, capacity: i32): i32 {
  const bound = bindWorkspace(ws);
  if (bound < 0) return bound;
  if (capacity < PARAMETER_SET_ROOM) return ERR_OUTPUT_TOO_SMALL;
  return <i32>(writePps(dst) - dst);
}

/**
 * Encodes the width x height u8 plane at src (row stride width) as one picture (IDR if idr != 0,
 * else P, predicted from the previous picture) into dst as one 4-byte-length-prefixed NAL unit;
 * bytes written, or ERR_OUTPUT_TOO_SMALL (nothing changed: retry with more room) or another ERR_ code.
 */
export function h264EncodeFrame(ws: usize, src: usize, dst: usize, capacity: i32, idr: i32, frameNum: i32, idrPicId: i32): i32 {
  const bound = bindWorkspace(ws);
  if (bound < 0) return bound;
  return encodePicture(src, dst, capacity, idr != 0, frameNum, idrPicId);
}

/** Copies the last encoded picture as the decoder shows it (even width x even height, u8) to dst; 0 or an ERR_ code. */
export function h264CopyReconstruction(ws: usize, dst: usize): i32 {
  const bound = bindWorkspace(ws);
  if (bound < 0) return bound;
  for (let y = 0; y < evenHeight; y++) {
    memory.copy(dst + <usize>(y * evenWidth), referenceRecon + <usize>(y * reconStride), <usize>evenWidth);
  }
  return 0;
}
