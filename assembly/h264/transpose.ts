// Two 4x4 blocks of i16 side by side in four vectors: lanes 0-3 hold a row of block A, lanes 4-7
// the same row of block B. columnK(r0, r1, r2, r3) is column K of both blocks, i.e. one output row
// of the transposed pair. Used by the 4x4 transforms to switch between row and column passes.
// see: ITU-T H.264 (08/2021) clause 8.5.12.2 (a row pass, then a column pass).

@inline export function column0(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return i32x4.shuffle(i16x8.shuffle(r0, r1, 0, 8, 1, 9, 4, 12, 5, 13), i16x8.shuffle(r2, r3, 0, 8, 1, 9, 4, 12, 5, 13), 0, 4, 2, 6);
}

@inline export function column1(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return i32x4.shuffle(i16x8.shuffle(r0, r1, 0, 8, 1, 9, 4, 12, 5, 13), i16x8.shuffle(r2, r3, 0, 8, 1, 9, 4, 12, 5, 13), 1, 5, 3, 7);
}

@inline export function column2(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return i32x4.shuffle(i16x8.shuffle(r0, r1, 2, 10, 3, 11, 6, 14, 7, 15), i16x8.shuffle(r2, r3, 2, 10, 3, 11, 6, 14, 7, 15), 0, 4, 2, 6);
}

@inline export function column3(r0: v128, r1: v128, r2: v128, r3: v128): v128 {
  return i32x4.shuffle(i16x8.shuffle(r0, r1, 2, 10, 3, 11, 6, 14, 7, 15), i16x8.shuffle(r2, r3, 2, 10, 3, 11, 6, 14, 7, 15), 1, 5, 3, 7);
}
