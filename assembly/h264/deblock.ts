import { COLUMNS, LINE_STRENGTHS, TC0_BY_STRENGTH, filterLines, transposeIn, transposeOut } from "./deblock-filter";
import { hasCoefficients, isIntra, isPcm, mbInfo, mvX, mvY, nnzOf } from "./mb-info";
import { currentInfo, currentRecon, mbHeight, mbWidth, qp, reconStride } from "./workspace";

// The in-loop deblocking filter over a whole reconstructed picture (luma; the chroma planes are
// all 128, which the filter leaves unchanged), macroblock by macroblock in raster order: the four
// vertical edges left to right, then the four horizontal edges top to bottom.
// see: ITU-T H.264 (08/2021) clause 8.7 (order), 8.7.2.1 (bS: 4 on a macroblock edge touching an
// intra macroblock, 3 inside one, 2 where either 4x4 block has coefficients, 1 on a macroblock edge
// whose vectors differ by >= 4 quarter samples, else 0), 8.7.2.2 (indexA = indexB = qPav, the
// rounded mean of the two sides' QP, 0 for an I_PCM side), Table 8-16 (alpha', beta') and 8-17 (tC0').
// The slices' QP is constant and the offsets are 0, so qPav is the QP except next to I_PCM.

const ALPHA: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 17, 20, 22, 25, 28,
  32, 36, 40, 45, 50, 56, 63, 71, 80, 90, 101, 113, 127, 144, 162, 182, 203, 226, 255, 255,
]);
const BETA: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 6, 6, 7, 7, 8, 8,
  9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18,
]);
/** tC0' for bS = 1, 2, 3 (three bytes per indexA). */
const TC0: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2, 1, 2, 3, 1, 2, 3, 2, 2, 3, 2, 2, 4, 2, 3, 4,
  2, 3, 4, 3, 3, 5, 3, 4, 6, 3, 4, 6, 4, 5, 7, 4, 5, 8, 4, 6, 9, 5, 7, 10, 6, 8, 11, 6, 8, 13, 7, 10, 14, 8, 11, 16,
  9, 12, 18, 10, 13, 20, 11, 15, 23, 13, 17, 25,
]);

/** Whether pictures at this QP are filtered at all (alpha' and beta' are 0 below indexA 16). */
export function deblockingActive(q: i32): bool {
  return load<u8>(ALPHA + <usize>q) != 0;
}

/** Filters the current reconstruction in place. */
export function deblockPicture(): void {
  if (!deblockingActive(qp)) return; // no edge's qPav exceeds the QP
  const stride = <usize>reconStride;
  for (let mbY = 0; mbY < mbHeight; mbY++) {
    for (let mbX = 0; mbX < mbWidth; mbX++) {
      const index = mbY * mbWidth + mbX, info = mbInfo(currentInfo, index), ownQp = qpOf(info);
      const origin = currentRecon + <usize>(mbY * 16) * stride + <usize>(mbX * 16);
      // Inside an inter macroblock with no coefficients (one vector) every bS is 0: only its own edges can be filtered.
      const edges = isIntra(info) || hasCoefficients(info) ? 4 : 1;
      for (let e = mbX > 0 ? 0 : 1; e < edges; e++) {
        const side = e == 0 ? mbInfo(currentInfo, index - 1) : info;
        if (!edgeStrengths(side, info, e == 0, e == 0 ? 3 : e - 1, e, 4)) continue;
        if (!useQp(e == 0 ? (qpOf(side) + ownQp + 1) >> 1 : ownQp)) continue;
        const at = origin + <usize>(e * 4) - 4;
        transposeIn(at, stride);
        filterLines(COLUMNS, 16, alpha, beta);
        transposeOut(at, stride);
      }
      for (let e = mbY > 0 ? 0 : 1; e < edges; e++) {
        const side = e == 0 ? mbInfo(currentInfo, index - mbWidth) : info;
        if (!edgeStrengths(side, info, e == 0, e == 0 ? 12 : (e - 1) * 4, e * 4, 1)) continue;
        if (!useQp(e == 0 ? (qpOf(side) + ownQp + 1) >> 1 : ownQp)) continue;
        filterLines(origin + <usize>(e * 4 - 4) * stride, stride, alpha, beta);
      }
    }
  }
}

// alpha', beta' and tC0' (in TC0_BY_STRENGTH) of the qPav last asked for.
let loadedQp = -1;
let alpha = 0;
let beta = 0;

/** Loads the thresholds of qPav `q`; false when the filter changes nothing at it. */
function useQp(q: i32): bool {
  if (q != loadedQp) {
    loadedQp = q;
    alpha = <i32>load<u8>(ALPHA + <usize>q);
    beta = <i32>load<u8>(BETA + <usize>q);
    const t = TC0 + <usize>q * 3;
    store<u32>(TC0_BY_STRENGTH, <u32>load<u8>(t) << 8 | <u32>load<u8>(t, 1) << 16 | <u32>load<u8>(t, 2) << 24);
  }
  return alpha != 0 && beta != 0;
}

/** The QP the filter uses for a macroblock's samples: 0 for I_PCM. */
@inline function qpOf(info: usize): i32 {
  return isPcm(info) ? 0 : qp;
}

/**
 * Writes bS of the four 4-line segments of one edge to LINE_STRENGTHS, each over its 4 lines;
 * false when all are 0. Segment s has the p block pFirst + s * along in `p`, q block qFirst + s * along in `q`.
 */
function edgeStrengths(p: usize, q: usize, macroblockEdge: bool, pFirst: i32, qFirst: i32, along: i32): bool {
  let word: u32 = 0;
  for (let s = 0; s < 4; s++) {
    word |= <u32>strength(p, pFirst + s * along, q, qFirst + s * along, macroblockEdge) << (<u32>s * 8);
  }
  if (word == 0) return false;
  const lanes = i32x4.splat(<i32>word);
  v128.store(LINE_STRENGTHS, i8x16.shuffle(lanes, lanes, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3));
  return true;
}

@inline function strength(p: usize, pBlock: i32, q: usize, qBlock: i32, macroblockEdge: bool): i32 {
  if (isIntra(p) || isIntra(q)) return macroblockEdge ? 4 : 3;
  if (nnzOf(p, pBlock) != 0 || nnzOf(q, qBlock) != 0) return 2;
  if (macroblockEdge && (abs(mvX(p) - mvX(q)) >= 4 || abs(mvY(p) - mvY(q)) >= 4)) return 1;
  return 0;
}
