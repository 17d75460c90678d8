import { codedHeight, codedWidth, projections, sourcePlane } from "./workspace";

// The picture's dominant motion, a candidate for every macroblock's motion search: a camera's pan
// or tilt moves the whole picture by more than a local search walks, and the first P picture after
// an IDR picture has no neighbouring vectors to start from. The column and row means of the source
// and of the previous source (projections) are matched by shifting one against the other: the
// shift with the least mean absolute difference is the motion.
// see: S. Alliney, C. Morandi, "Digital image registration using projections", IEEE Trans. PAMI 8(2), 1986.

/** Largest motion looked for, in samples: the vertical vector range of every level (Table A-1). */
const RANGE: i32 = 64;

/** The dominant motion found by estimateGlobalMotion, whole samples (reference position - source position). */
export let globalX = 0;
export let globalY = 0;

/**
 * Projects the source picture, and for a P picture estimates globalX, globalY against the previous
 * source picture's projections (which the reference reconstructs): one pass over the picture.
 */
export function estimateGlobalMotion(predicted: bool): void {
  const w = codedWidth, h = codedHeight;
  const columns = projections, rows = columns + <usize>w * 4;
  const previousColumns = rows + <usize>h * 4, previousRows = previousColumns + <usize>w * 4;
  project(sourcePlane, columns, rows);
  if (predicted) {
    globalX = bestShift(columns, previousColumns, w);
    globalY = bestShift(rows, previousRows, h);
  }
  memory.copy(previousColumns, columns, <usize>(w + h) * 4);
}

/** Column and row means (x16, so every sum of differences fits 32 bits) of the coded picture at `plane` (row stride codedWidth). */
function project(plane: usize, columns: usize, rows: usize): void {
  const w = <usize>codedWidth, h = codedHeight;
  memory.fill(columns, 0, w * 4);
  for (let y = 0; y < h; y++) {
    const row = plane + <usize>y * w;
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
    const sum = i32x4.extract_lane(total, 0) + i32x4.extract_lane(total, 1) + i32x4.extract_lane(total, 2) + i32x4.extract_lane(total, 3);
    store<i32>(rows + <usize>y * 4, (sum << 4) / <i32>w);
  }
  for (let x: usize = 0; x < w; x++) store<i32>(columns + x * 4, (load<i32>(columns + x * 4) << 4) / h);
}

/** The shift d (|d| <= RANGE, at most half of n) with the least mean |source[i] - reference[i + d]| over their overlap. */
function bestShift(source: usize, reference: usize, n: i32): i32 {
  const range = min(RANGE, n >> 1);
  let best = 0, bestMean: f64 = Infinity;
  for (let d = -range; d <= range; d++) {
    const first = max(0, -d), last = min(n, n - d);
    let sums = i32x4.splat(0), i = first;
    for (; i + 4 <= last; i += 4) {
      const a = v128.load(source + <usize>i * 4), b = v128.load(reference + <usize>(i + d) * 4);
      sums = i32x4.add(sums, i32x4.abs(i32x4.sub(a, b)));
    }
    let sum = i32x4.extract_lane(sums, 0) + i32x4.extract_lane(sums, 1) + i32x4.extract_lane(sums, 2) + i32x4.extract_lane(sums, 3);
    for (; i < last; i++) sum += abs(load<i32>(source + <usize>i * 4) - load<i32>(reference + <usize>(i + d) * 4));
    const mean = <f64>sum / <f64>(last - first);
    if (mean < bestMean) {
      bestMean = mean;
      best = d;
    }
  }
  return best;
}
