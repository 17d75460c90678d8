import { halfCentre, halfHorizontal, halfVertical } from "./interpolate";
import { codedHeight, codedWidth, reconStride, referenceRecon } from "./workspace";

// Luma prediction at a quarter-sample motion vector: a block of the reference or of one of its
// half-sample planes (interpolate.ts, computed for this block only), or the rounded average of two,
// per fractional position. The motion search ranks fractional vectors by a cheaper estimate
// (estimatedSad: bilinear averages of whole samples, no 6-tap filter); only the vectors coded get
// the exact prediction.
// Any vector is read as a decoder reads it: reference samples outside the picture take the nearest
// edge sample (xIntL, yIntL clipped to the picture). The reference holds those samples for BORDER
// around the picture; a block further out is moved in to where it reads the very same clipped samples.
// see: ITU-T H.264 (08/2021) clause 8.4.2.2.1, equations 8-228 and 8-229 (Clip3 of the integer
// sample positions), Table 8-12 and equations 8-250..8-261 (a = (G + b + 1) >> 1, e = (b + h + 1) >> 1, ...).

const INTEGER: u8 = 0;
const HALF_H: u8 = 1;
const HALF_V: u8 = 2;
const HALF_C: u8 = 3;
const NONE: u8 = 255;

/** Per xFrac + 4 * yFrac: plane A, its dx, dy, then plane B (NONE: A alone), its dx, dy. */
const SOURCES: usize = memory.data<u8>([
  INTEGER, 0, 0, NONE, 0, 0, // (0,0) G
  INTEGER, 0, 0, HALF_H, 0, 0, // (1,0) a
  HALF_H, 0, 0, NONE, 0, 0, // (2,0) b
  INTEGER, 1, 0, HALF_H, 0, 0, // (3,0) c
  INTEGER, 0, 0, HALF_V, 0, 0, // (0,1) d
  HALF_H, 0, 0, HALF_V, 0, 0, // (1,1) e
  HALF_H, 0, 0, HALF_C, 0, 0, // (2,1) f
  HALF_H, 0, 0, HALF_V, 1, 0, // (3,1) g
  HALF_V, 0, 0, NONE, 0, 0, // (0,2) h
  HALF_V, 0, 0, HALF_C, 0, 0, // (1,2) i
  HALF_C, 0, 0, NONE, 0, 0, // (2,2) j
  HALF_C, 0, 0, HALF_V, 1, 0, // (3,2) k
  INTEGER, 0, 1, HALF_V, 0, 0, // (0,3) n
  HALF_V, 0, 0, HALF_H, 0, 1, // (1,3) p
  HALF_C, 0, 0, HALF_H, 0, 1, // (2,3) q
  HALF_V, 1, 0, HALF_H, 0, 1, // (3,3) r
]);

/** The two half-sample blocks of a prediction, and their average (stride 16 each). */
const PLANE_A: usize = memory.data(256, 16);
const PLANE_B: usize = memory.data(256, 16);
const BUILT: usize = memory.data(256, 16);

/**
 * A 16x16 block at integer position p (either axis) reads samples p - 2 .. p + 18 (the 6-tap filter
 * reaches 2 before and 3 after, and some positions average with the next sample). At p <= -18 they
 * all clip to sample 0, at p >= size + 1 all to sample size - 1: the block reads the same as at
 * -18 or size + 1, which the reference's BORDER holds.
 */
const OUTSIDE_BEFORE: i32 = -18;
const OUTSIDE_AFTER: i32 = 1;

/** Row stride of the block motionPrediction returned. */
export let predictionStride = 0;

// The last prediction made (x0, y0, mx, my, pointer, stride): asked again, it is not made again.
let madeX0 = i32.MIN_VALUE;
let madeY0 = 0;
let madeMx = 0;
let madeMy = 0;
let made: usize = 0;
let madeStride = 0;

/** Forgets the last prediction (the reference changed). */
export function resetPrediction(): void {
  madeX0 = i32.MIN_VALUE;
}

/** The 16x16 prediction of the macroblock at (x0, y0) for vector (mx, my) in quarter samples: a pointer into the reference, or into a block made here. */
export function motionPrediction(x0: i32, y0: i32, mx: i32, my: i32): usize {
  if (x0 == madeX0 && y0 == madeY0 && mx == madeMx && my == madeMy) {
    predictionStride = madeStride;
    return made;
  }
  const entry = SOURCES + <usize>(((my & 3) << 2 | (mx & 3)) * 6);
  const x = blockX(x0, mx), y = blockY(y0, my);
  const stride = <usize>reconStride;
  const a = source(load<u8>(entry), x + <i32>load<u8>(entry, 1), y + <i32>load<u8>(entry, 2), PLANE_A);
  const aStride = load<u8>(entry) == INTEGER ? stride : 16;
  let result = a, resultStride = aStride;
  if (load<u8>(entry, 3) != NONE) {
    const b = source(load<u8>(entry, 3), x + <i32>load<u8>(entry, 4), y + <i32>load<u8>(entry, 5), PLANE_B);
    for (let r: usize = 0; r < 16; r++) v128.store(BUILT + r * 16, i8x16.avgr_u(v128.load(a + r * aStride), v128.load(b + r * 16)));
    result = BUILT;
    resultStride = 16;
  }
  madeX0 = x0;
  madeY0 = y0;
  madeMx = mx;
  madeMy = my;
  made = result;
  madeStride = <i32>resultStride;
  predictionStride = madeStride;
  return result;
}

/**
 * SAD between the 16x16 block at cur (stride curStride) and an estimate of the prediction for
 * (mx, my): bilinear averages of whole samples (rounded byte averages, a quarter position as the
 * average of a whole and a half one), close to the 6-tap filter on smooth pictures at a fraction
 * of its cost.
 */
export function estimatedSad(cur: usize, curStride: i32, x0: i32, y0: i32, mx: i32, my: i32): i32 {
  const fx = mx & 3, fy = my & 3;
  const stride = <usize>reconStride, cs = <usize>curStride;
  let p = referenceRecon + <usize>(blockY(y0, my) * reconStride + blockX(x0, mx));
  let sum = i16x8.splat(0);
  let above = across(p, fx);
  for (let r: usize = 0; r < 16; r++) {
    const below = across(p + stride, fx);
    const predicted = between(above, below, fy);
    const actual = v128.load(cur + r * cs);
    sum = i16x8.add(sum, i16x8.extadd_pairwise_i8x16_u(i8x16.sub(i8x16.max_u(actual, predicted), i8x16.min_u(actual, predicted))));
    above = below;
    p += stride;
  }
  const quads = i32x4.extadd_pairwise_i16x8_u(sum);
  return i32x4.extract_lane(quads, 0) + i32x4.extract_lane(quads, 1) + i32x4.extract_lane(quads, 2) + i32x4.extract_lane(quads, 3);
}

/** A row of 16 samples at horizontal quarter fraction fx, estimated from whole samples. */
@inline function across(p: usize, fx: i32): v128 {
  const left = v128.load(p);
  if (fx == 0) return left;
  const right = v128.load(p, 1);
  return between(left, right, fx);
}

/** The estimate at quarter fraction f between a (0) and b (4/4). */
@inline function between(a: v128, b: v128, f: i32): v128 {
  if (f == 0) return a;
  const half = i8x16.avgr_u(a, b);
  return f == 2 ? half : f == 1 ? i8x16.avgr_u(a, half) : i8x16.avgr_u(b, half);
}

/** The block's integer position, moved in from far outside the picture. */
@inline function blockX(x0: i32, mx: i32): i32 {
  return min(max(x0 + (mx >> 2), OUTSIDE_BEFORE), codedWidth + OUTSIDE_AFTER);
}

@inline function blockY(y0: i32, my: i32): i32 {
  return min(max(y0 + (my >> 2), OUTSIDE_BEFORE), codedHeight + OUTSIDE_AFTER);
}

/** A block of `plane` at integer position (x, y): the reference itself, or a half-sample block made into `scratch`. */
@inline function source(plane: u8, x: i32, y: i32, scratch: usize): usize {
  if (plane == HALF_H) halfHorizontal(x, y, scratch);
  else if (plane == HALF_V) halfVertical(x, y, scratch);
  else if (plane == HALF_C) halfCentre(x, y, scratch);
  else return referenceRecon + <usize>(y * reconStride + x);
  return scratch;
}
