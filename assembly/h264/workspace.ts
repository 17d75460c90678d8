import { ERR_BAD_QP, ERR_BAD_SIZE, ERR_BAD_WORKSPACE } from "./errors";
import { INFO_BYTES } from "./mb-info";

// An encoder's state lives in one block of host memory, the workspace, so that one instance can
// serve several encoders and the host owns every byte. Layout, 16-byte aligned:
//   header | source (coded size) | reconstruction A | reconstruction B | mb info A | mb info B |
//   column and row means of the source and of the previous source (global-motion.ts)
// A reconstruction is the coded picture with BORDER replicated pixels on every side, so motion
// search and motion compensation near the edges read plain memory. The header says which of A/B is
// the frame being coded; they swap after each frame.
// see: ITU-T H.264 (08/2021) clause 8.4.2.2.1 (reference samples outside the picture repeat the edge).

/** Replicated pixels around each reconstruction; motion vectors stay within it. */
export const BORDER: i32 = 48;
/** Level 6.2: at most 139264 macroblocks, each side at most sqrt(8 * 139264) = 1055 of them (Table A-1, A.3.1). */
export const MAX_MACROBLOCKS: i32 = 139264;
export const MAX_SIDE_MACROBLOCKS: i32 = 1055;

const MAGIC: u32 = 0x34363248; // "H264"
const HEADER_BYTES: usize = 64;
const MAGIC_AT: usize = 0;
const WIDTH_AT: usize = 4;
const HEIGHT_AT: usize = 8;
const QP_AT: usize = 12;
const LEVEL_AT: usize = 16;
const FLIP_AT: usize = 20;

// The encoder being called, set by bindWorkspace.
export let width = 0;
export let height = 0;
/** Output size after cropping: odd sizes gain one replicated column or row. */
export let evenWidth = 0;
export let evenHeight = 0;
export let mbWidth = 0;
export let mbHeight = 0;
export let codedWidth = 0;
export let codedHeight = 0;
export let qp = 0;
export let levelIdc = 0;
/** The input, padded to the coded size; row stride codedWidth. */
export let sourcePlane: usize = 0;
export let reconStride = 0;
/** Pixel (0, 0) of the reconstruction being written and of the reference (previous) frame. */
export let currentRecon: usize = 0;
export let referenceRecon: usize = 0;
export let currentInfo: usize = 0;
export let previousInfo: usize = 0;
/** Column means (codedWidth i32) then row means (codedHeight i32) of the source, then the same of the previous source. */
export let projections: usize = 0;
let workspace: usize = 0;

/** Whether a width x height picture fits level 6.2. */
export function validSize(w: i32, h: i32): bool {
  if (w < 1 || h < 1 || w > MAX_SIDE_MACROBLOCKS * 16 || h > MAX_SIDE_MACROBLOCKS * 16) return false;
  return ((w + 15) >> 4) * ((h + 15) >> 4) <= MAX_MACROBLOCKS;
}

/** Bytes of workspace for a width x height encoder, or ERR_BAD_SIZE. */
export function workspaceBytes(w: i32, h: i32): i32 {
  if (!validSize(w, h)) return ERR_BAD_SIZE;
  const cw = <usize>((w + 15) & ~15), ch = <usize>((h + 15) & ~15);
  const recon = (cw + 2 * <usize>BORDER) * (ch + 2 * <usize>BORDER);
  const info = (cw >> 4) * (ch >> 4) * INFO_BYTES;
  const projections = (cw + ch) * 8; // i32 means of each column and row, of two pictures
  return <i32>(HEADER_BYTES + cw * ch + 2 * recon + 2 * info + projections);
}

/** Writes the header of a fresh workspace; 0 or a negative ERR_ code. */
export function initWorkspace(ws: usize, w: i32, h: i32, quantiser: i32, level: i32): i32 {
  if (!validSize(w, h)) return ERR_BAD_SIZE;
  if (quantiser < 0 || quantiser > 51) return ERR_BAD_QP;
  store<u32>(ws, MAGIC, MAGIC_AT);
  store<i32>(ws, w, WIDTH_AT);
  store<i32>(ws, h, HEIGHT_AT);
  store<i32>(ws, quantiser, QP_AT);
  store<i32>(ws, level, LEVEL_AT);
  store<i32>(ws, 0, FLIP_AT);
  return 0;
}

/** Points the globals above at workspace `ws`; ERR_BAD_WORKSPACE if it was never initialised. */
export function bindWorkspace(ws: usize): i32 {
  if (load<u32>(ws, MAGIC_AT) != MAGIC) return ERR_BAD_WORKSPACE;
  workspace = ws;
  width = load<i32>(ws, WIDTH_AT);
  height = load<i32>(ws, HEIGHT_AT);
  qp = load<i32>(ws, QP_AT);
  levelIdc = load<i32>(ws, LEVEL_AT);
  evenWidth = (width + 1) & ~1;
  evenHeight = (height + 1) & ~1;
  codedWidth = (width + 15) & ~15;
  codedHeight = (height + 15) & ~15;
  mbWidth = codedWidth >> 4;
  mbHeight = codedHeight >> 4;
  reconStride = codedWidth + 2 * BORDER;
  const reconBytes = <usize>reconStride * <usize>(codedHeight + 2 * BORDER);
  const infoBytes = <usize>(mbWidth * mbHeight) * INFO_BYTES;
  sourcePlane = ws + HEADER_BYTES;
  const reconA = sourcePlane + <usize>(codedWidth * codedHeight);
  const reconB = reconA + reconBytes;
  const infoA = reconB + reconBytes;
  const infoB = infoA + infoBytes;
  const flip = load<i32>(ws, FLIP_AT) != 0;
  const origin = <usize>(BORDER * reconStride + BORDER);
  currentRecon = (flip ? reconB : reconA) + origin;
  referenceRecon = (flip ? reconA : reconB) + origin;
  currentInfo = flip ? infoB : infoA;
  previousInfo = flip ? infoA : infoB;
  projections = infoB + infoBytes;
  return 0;
}

/** After a frame: the reconstruction just written becomes the reference. */
export function swapFrames(): void {
  store<i32>(workspace, load<i32>(workspace, FLIP_AT) ^ 1, FLIP_AT);
}
