import { codedHeight, codedWidth, halfC, halfH, halfV, reconStride, referenceRecon } from "./workspace";

// Luma prediction at a quarter-sample motion vector: a sample of one plane (the reference or one
// of its half-sample planes) or the rounded average of two, per fractional position.
// Any vector is read as a decoder reads it: reference samples outside the picture take the nearest
// edge sample (xIntL, yIntL clipped to the picture). The planes hold those samples for 40 around
// the picture; a block further out is moved in to where it reads the very same clipped samples.
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

/** A built prediction (stride 16) when it is the average of two planes. */
const BUILT: usize = memory.data(256, 16);

/**
 * A 16x16 block at integer position p (either axis) reads samples p - 2 .. p + 18 (the 6-tap filter
 * reaches 2 before and 3 after, and some positions average with the next sample). At p <= -18 they
 * all clip to sample 0, at p >= size + 1 all to sample size - 1: the block reads the same as at
 * -18 or size + 1, which the planes hold.
 */
const OUTSIDE_BEFORE: i32 = -18;
const OUTSIDE_AFTER: i32 = 1;

/** Row stride of the block motionPrediction returned. */
export let predictionStride = 0;

/** The 16x16 prediction of the macroblock at (x0, y0) for vector (mx, my) in quarter samples: a pointer into a plane, or into BUILT. */
export function motionPrediction(x0: i32, y0: i32, mx: i32, my: i32): usize {
  const entry = SOURCES + <usize>(((my & 3) << 2 | (mx & 3)) * 6);
  const offset = blockOffset(x0, y0, mx, my);
  const a = source(load<u8>(entry), offset, load<u8>(entry, 1), load<u8>(entry, 2));
  if (load<u8>(entry, 3) == NONE) {
    predictionStride = reconStride;
    return a;
  }
  const b = source(load<u8>(entry, 3), offset, load<u8>(entry, 4), load<u8>(entry, 5));
  const stride = <usize>reconStride;
  for (let y: usize = 0; y < 16; y++) v128.store(BUILT + y * 16, i8x16.avgr_u(v128.load(a + y * stride), v128.load(b + y * stride)));
  predictionStride = 16;
  return BUILT;
}

/** SAD between the 16x16 block at cur (stride curStride) and the prediction for (mx, my), without storing it. */
export function predictionSad(cur: usize, curStride: i32, x0: i32, y0: i32, mx: i32, my: i32): i32 {
  const entry = SOURCES + <usize>(((my & 3) << 2 | (mx & 3)) * 6);
  const offset = blockOffset(x0, y0, mx, my);
  const a = source(load<u8>(entry), offset, load<u8>(entry, 1), load<u8>(entry, 2));
  const single = load<u8>(entry, 3) == NONE;
  const b = single ? a : source(load<u8>(entry, 3), offset, load<u8>(entry, 4), load<u8>(entry, 5));
  const stride = <usize>reconStride, cs = <usize>curStride;
  let sum = i16x8.splat(0);
  for (let y: usize = 0; y < 16; y++) {
    const predicted = i8x16.avgr_u(v128.load(a + y * stride), v128.load(b + y * stride)); // avg(x, x) = x
    const actual = v128.load(cur + y * cs);
    sum = i16x8.add(sum, i16x8.extadd_pairwise_i8x16_u(i8x16.sub(i8x16.max_u(actual, predicted), i8x16.min_u(actual, predicted))));
  }
  const quads = i32x4.extadd_pairwise_i16x8_u(sum);
  return i32x4.extract_lane(quads, 0) + i32x4.extract_lane(quads, 1) + i32x4.extract_lane(quads, 2) + i32x4.extract_lane(quads, 3);
}

/** Offset (from pixel 0, 0) of the block's integer position, moved in from far outside the picture. */
@inline function blockOffset(x0: i32, y0: i32, mx: i32, my: i32): i32 {
  const x = min(max(x0 + (mx >> 2), OUTSIDE_BEFORE), codedWidth + OUTSIDE_AFTER);
  const y = min(max(y0 + (my >> 2), OUTSIDE_BEFORE), codedHeight + OUTSIDE_AFTER);
  return y * reconStride + x;
}

@inline function source(plane: u8, offset: i32, dx: u8, dy: u8): usize {
  const at = <usize>(offset + <i32>dy * reconStride + <i32>dx);
  if (plane == HALF_H) return halfH + at;
  if (plane == HALF_V) return halfV + at;
  if (plane == HALF_C) return halfC + at;
  return referenceRecon + at;
}
