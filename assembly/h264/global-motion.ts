import { codedHeight, codedWidth, projections, reconStride, referenceRecon, sourcePlane } from "./workspace";

// The picture's dominant motion, a candidate for every macroblock's motion search: a camera's pan
// or tilt moves the whole picture by more than a local search walks, and the first P picture after
// an IDR picture has no neighbouring vectors to start from. The column and row sums of the source
// and of the reference (projections) are matched by shifting one against the other: the shift with
// the least mean absolute difference is the motion.
// see: S. Alliney, C. Morandi, "Digital image registration using projections", IEEE Trans. PAMI 8(2), 1986.

/** Largest motion looked for, in samples: the vertical vector range of every level (Table A-1). */
const RANGE: i32 = 64;

/** The dominant motion found by estimateGlobalMotion, whole samples (reference position - source position). */
export let globalX = 0;
export let globalY = 0;

/** Estimates globalX, globalY between the source and the reference picture. */
export function estimateGlobalMotion(): void {
  const w = codedWidth, h = codedHeight;
  const sourceColumns = projections, sourceRows = sourceColumns + <usize>w * 4;
  const referenceColumns = sourceRows + <usize>h * 4, referenceRows = referenceColumns + <usize>w * 4;
  project(sourcePlane, codedWidth, sourceColumns, sourceRows);
  project(referenceRecon, reconStride, referenceColumns, referenceRows);
  globalX = bestShift(sourceColumns, referenceColumns, w);
  globalY = bestShift(sourceRows, referenceRows, h);
}

/** Column sums and row sums of the coded picture at `plane`. */
function project(plane: usize, stride: i32, columns: usize, rows: usize): void {
  const w = <usize>codedWidth;
  memory.fill(columns, 0, w * 4);
  for (let y = 0; y < codedHeight; y++) {
    const row = plane + <usize>(y * stride);
    let total = i32x4.splat(0);
    for (let x: usize = 0; x < w; x += 16) {
      const pixels = v128.load(row + x);
      const low = i16x8.extend_low_i8x16_u(pixels), high = i16x8.extend_high_i8x16_u(pixels);
      const c = columns + x * 4;
      v128.store(c, i32x4.add(v128.load(c), i32x4.extend_low_i16x8_u(low)));
      v128.store(c, i32x4.add(v128.load(c, 16), i32x4.extend_high_i16x8_u(low)), 16);
      v128.store(c, i32x4.add(v128.load(c, 32), i32x4.extend_low_i16x8_u(high)), 32);
      v128.store(c, i32x4.add(v128.load(c, 48), i32x4.extend_high_i16x8_u(high)), 48);
      total = i32x4.add(total, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(pixels)));
    }
    store<i32>(rows + <usize>y * 4, i32x4.extract_lane(total, 0) + i32x4.extract_lane(total, 1) + i32x4.extract_lane(total, 2) + i32x4.extract_lane(total, 3));
  }
}

/** The shift d (|d| <= RANGE, at most half of n) with the least mean |source[i] - reference[i + d]| over their overlap. */
function bestShift(source: usize, reference: usize, n: i32): i32 {
  const range = min(RANGE, n >> 1);
  let best = 0, bestMean: f64 = Infinity;
  for (let d = -range; d <= range; d++) {
    const first = max(0, -d), last = min(n, n - d);
    let sum: i64 = 0;
    for (let i = first; i < last; i++) sum += <i64>abs(load<i32>(source + <usize>i * 4) - load<i32>(reference + <usize>(i + d) * 4));
    const mean = <f64>sum / <f64>(last - first);
    if (mean < bestMean) {
      bestMean = mean;
      best = d;
    }
  }
  return best;
}
