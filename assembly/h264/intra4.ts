// Intra_4x4 prediction of one 4x4 block, all nine modes as byte shuffles of three vectors built
// from the block's neighbours once: E, the edge samples; A, averages of neighbouring edge samples;
// F, the edge through the [1 2 1] filter. E holds, by lane:
//   0..3: p[-1, 3], p[-1, 2], p[-1, 1], p[-1, 0]   4: p[-1, -1]   5..12: p[0..7, -1]   13: p[7, -1]   14, 15: p[-1, 3]
// so A[i] = (E[i] + E[i+1] + 1) >> 1 and F[i] = (E[i-1] + 2E[i] + E[i+1] + 2) >> 2 (F[0] with E[-1] = E[0]),
// and F[15] = p[-1, 3]. Every prediction sample of clause 8.3.1.2 is one lane of E, A or F.
// see: ITU-T H.264 (08/2021) clause 8.3.1.2.1-8.3.1.2.9 (modes 0..8), 8.3.1.2 (p[4..7, -1] replaced
// by p[3, -1] when not available).

export const INTRA4_VERTICAL = 0;
export const INTRA4_HORIZONTAL = 1;
export const INTRA4_DC = 2;
export const INTRA4_HORIZONTAL_UP = 8;

const EDGE: usize = memory.data(16, 16);
const AVERAGED: usize = memory.data(16, 16);
const FILTERED: usize = memory.data(16, 16);
let dc: i32 = 128;

/** Whether `mode` can be used with these neighbours (top-left exists whenever both left and top do). */
@inline export function intra4Allowed(mode: i32, hasLeft: bool, hasTop: bool): bool {
  if (mode == INTRA4_DC) return true;
  if (mode == INTRA4_VERTICAL || mode == 3 || mode == 7) return hasTop;
  if (mode == INTRA4_HORIZONTAL || mode == INTRA4_HORIZONTAL_UP) return hasLeft;
  return hasLeft && hasTop;
}

/** Reads the neighbours of the block whose top-left sample is at `origin` and builds E, A, F and the DC value. */
export function prepareIntra4(origin: usize, stride: usize, hasLeft: bool, hasTop: bool, hasTopRight: bool): void {
  let edge = i8x16.splat(0);
  let sumLeft = 0, sumTop = 0;
  if (hasLeft) {
    const l0 = load<u8>(origin - 1), l1 = load<u8>(origin + stride - 1), l2 = load<u8>(origin + 2 * stride - 1), l3 = load<u8>(origin + 3 * stride - 1);
    edge = i8x16.replace_lane(i8x16.replace_lane(i8x16.replace_lane(i8x16.replace_lane(edge, 0, l3), 1, l2), 2, l1), 3, l0);
    edge = i8x16.replace_lane(i8x16.replace_lane(edge, 14, l3), 15, l3);
    sumLeft = <i32>l0 + <i32>l1 + <i32>l2 + <i32>l3;
  }
  if (hasTop) {
    const above = origin - stride;
    const top = v128.load32_zero(above);
    const right = hasTopRight ? v128.load32_zero(above + 4) : i8x16.splat(load<i8>(above + 3));
    // lanes 5..8 top, 9..13 top-right (13 repeats p[7, -1])
    edge = i8x16.shuffle(edge, top, 0, 1, 2, 3, 4, 16, 17, 18, 19, 9, 10, 11, 12, 13, 14, 15);
    edge = i8x16.shuffle(edge, right, 0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 17, 18, 19, 19, 14, 15);
    sumTop = <i32>load<u8>(above) + <i32>load<u8>(above + 1) + <i32>load<u8>(above + 2) + <i32>load<u8>(above + 3);
    if (hasLeft) edge = i8x16.replace_lane(edge, 4, load<u8>(above - 1));
  }
  const previous = i8x16.shuffle(edge, edge, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
  const next = i8x16.shuffle(edge, edge, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15);
  // (a + 2b + c + 2) >> 2 == avgr(avgr(a, c) - ((a ^ c) & 1), b) on bytes.
  const outer = i8x16.sub(i8x16.avgr_u(previous, next), v128.and(v128.xor(previous, next), i8x16.splat(1)));
  v128.store(EDGE, edge);
  v128.store(AVERAGED, i8x16.avgr_u(edge, next));
  v128.store(FILTERED, i8x16.avgr_u(outer, edge));
  dc = hasLeft && hasTop ? (sumLeft + sumTop + 4) >> 3 : hasLeft ? (sumLeft + 2) >> 2 : hasTop ? (sumTop + 2) >> 2 : 128;
}

/** Writes the 16 samples (raster order) of `mode` for the prepared block to dst. */
export function predictIntra4(mode: i32, dst: usize): void {
  const e = v128.load(EDGE), a = v128.load(AVERAGED), f = v128.load(FILTERED);
  let p: v128;
  switch (mode) {
    case 0: p = i8x16.shuffle(e, e, 5, 6, 7, 8, 5, 6, 7, 8, 5, 6, 7, 8, 5, 6, 7, 8); break;
    case 1: p = i8x16.shuffle(e, e, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0); break;
    case 2: p = i8x16.splat(<i8>dc); break;
    case 3: p = i8x16.shuffle(a, f, 22, 23, 24, 25, 23, 24, 25, 26, 24, 25, 26, 27, 25, 26, 27, 28); break; // F[6 + x + y]
    case 4: p = i8x16.shuffle(a, f, 20, 21, 22, 23, 19, 20, 21, 22, 18, 19, 20, 21, 17, 18, 19, 20); break; // F[4 + x - y]
    case 5: p = i8x16.shuffle(a, f, 4, 5, 6, 7, 20, 21, 22, 23, 19, 4, 5, 6, 18, 20, 21, 22); break;
    case 6: p = i8x16.shuffle(a, f, 3, 20, 21, 22, 2, 19, 3, 20, 1, 18, 2, 19, 0, 17, 1, 18); break;
    case 7: p = i8x16.shuffle(a, f, 5, 6, 7, 8, 22, 23, 24, 25, 6, 7, 8, 9, 23, 24, 25, 26); break;
    default: p = i8x16.shuffle(a, f, 2, 18, 1, 17, 1, 17, 0, 16, 0, 16, 31, 31, 31, 31, 31, 31); break;
  }
  v128.store(dst, p);
}
