import { currentInfo, mbWidth } from "./workspace";
import { isIntra, mbInfo, mvX, mvY } from "./mb-info";

// Motion vector prediction for a 16x16 partition with one reference picture, and the motion
// vector of P_Skip.
// see: ITU-T H.264 (08/2021) clause 8.4.1.3 (median of neighbours A left, B above, C above-right,
// D above-left standing in for an unavailable C; a single neighbour with the same reference wins)
// and 8.4.1.1 (P_Skip: zero when A or B is outside the picture or has a zero vector on reference 0).

/** Predicted motion vector of the current macroblock, quarter samples. */
export let predX = 0;
export let predY = 0;
/** Motion vector a P_Skip macroblock would get, quarter samples. */
export let skipX = 0;
export let skipY = 0;

// One neighbour's (available, reference index, vector), filled by neighbour().
let nAvailable = false;
let nRef = -1;
let nX = 0;
let nY = 0;

/** Sets predX/predY and skipX/skipY for macroblock (mbX, mbY); neighbours come from the current frame's records. */
export function predictMotion(mbX: i32, mbY: i32): void {
  const index = mbY * mbWidth + mbX;
  neighbour(mbX > 0, index - 1);
  const aAvailable = nAvailable, aRef = nRef, aX = nX, aY = nY;
  neighbour(mbY > 0, index - mbWidth);
  const bAvailable = nAvailable;
  let bRef = nRef, bX = nX, bY = nY;
  if (mbY > 0 && mbX + 1 < mbWidth) neighbour(true, index - mbWidth + 1);
  else neighbour(mbY > 0 && mbX > 0, index - mbWidth - 1);
  let cRef = nRef, cX = nX, cY = nY;
  if (!bAvailable && !nAvailable && aAvailable) {
    bRef = aRef; bX = aX; bY = aY;
    cRef = aRef; cX = aX; cY = aY;
  }
  const matches = <i32>(aRef == 0) + <i32>(bRef == 0) + <i32>(cRef == 0);
  if (matches == 1) {
    predX = aRef == 0 ? aX : bRef == 0 ? bX : cX;
    predY = aRef == 0 ? aY : bRef == 0 ? bY : cY;
  } else {
    predX = median(aX, bX, cX);
    predY = median(aY, bY, cY);
  }
  const still = !aAvailable || !bAvailable || (aRef == 0 && aX == 0 && aY == 0) || (bRef == 0 && bX == 0 && bY == 0);
  skipX = still ? 0 : predX;
  skipY = still ? 0 : predY;
}

/** Loads one neighbour; unavailable and intra neighbours have reference -1 and a zero vector. */
function neighbour(available: bool, index: i32): void {
  nAvailable = available;
  nRef = -1;
  nX = 0;
  nY = 0;
  if (!available) return;
  const info = mbInfo(currentInfo, index);
  if (isIntra(info)) return;
  nRef = 0;
  nX = mvX(info);
  nY = mvY(info);
}

@inline function median(a: i32, b: i32, c: i32): i32 {
  return max(min(a, b), min(max(a, b), c));
}
