import { setU16, setU8, u16At, u8At } from "./pixels";

// Separable Gaussian blur with clipped windows.
// see: https://en.wikipedia.org/wiki/Gaussian_blur (separability); the weights, their
// fixed-point form and the border rule are defined in src/core/blur-weights.ts and src/core/reference.ts.
//
// Weights are Q14 integers whose full window sums to exactly 1 << 14. The vertical pass keeps
// 7 fractional bits (u16 "Q7" samples, at most 32640, so two of them still fit in 16 bits), the
// horizontal pass rounds to 8 bits. Where the window is clipped by a border, the sum is divided
// by the weights that remain. Full windows are symmetric, so taps d and -d are added before the
// multiply: half the multiplies. The fast path's variant (fineBlur) reads 1/16 levels (u16 Q4,
// 0..4080) and writes 1/128 levels (u16 Q7): the same passes, other loads, shifts and stores.

/** Q7 samples are 0..32640; relative to this they are -16384..16256, and two sum to an i16. */
const OFFSET: i32 = 16384;

/** Q14 weight for offset d (-radius..radius) from the centre of the weight table. */
@inline function weight(centre: usize, d: i32): i32 {
  return load<i32>(centre + (<usize>(<isize>d << 2)));
}

/** The weight for offset d in all eight 16-bit lanes. */
@inline function weightLanes(centre: usize, d: i32): v128 {
  return i16x8.splat(<i16>weight(centre, d));
}

/** Sum of the Q14 weights for offsets lo..hi. */
function weightSum(centre: usize, lo: i32, hi: i32): i32 {
  let sum = 0;
  for (let d = lo; d <= hi; d++) sum += weight(centre, d);
  return sum;
}

/** Blurs a width x height u8 plane (dst may equal src); tmp: width*height u16; weights: 2*radius+1 Q14 i32 (sum 16384), radius >= 0. */
export function gaussianBlur(src: usize, dst: usize, tmp: usize, width: i32, height: i32, weights: usize, radius: i32): void {
  blur(src, dst, tmp, width, height, weights, radius, false);
}

/** Blurs a width x height plane of u16 Q4 (0..4080) into u16 Q7 at dst (dst may equal src); tmp, weights as gaussianBlur's. */
export function fineBlur(src: usize, dst: usize, tmp: usize, width: i32, height: i32, weights: usize, radius: i32): void {
  blur(src, dst, tmp, width, height, weights, radius, true);
}

/** Both blurs; `fine` is a constant at each call, so each gets its own code. */
@inline function blur(src: usize, dst: usize, tmp: usize, width: i32, height: i32, weights: usize, radius: i32, fine: bool): void {
  const centre = weights + (<usize>radius << 2);
  for (let y = 0; y < height; y++) {
    const lo = max(-radius, -y);
    const hi = min(radius, height - 1 - y);
    if (lo == -radius && hi == radius) verticalInterior(src, tmp, width, y, centre, radius, fine);
    else verticalClipped(src, tmp, width, y, centre, lo, hi, fine);
  }
  for (let y = 0; y < height; y++) {
    const row = tmp + (<usize>(y * width) << 1);
    if (fine) horizontalRow(row, dst + (<usize>(y * width) << 1), width, centre, radius, true);
    else horizontalRow(row, dst + <usize>(y * width), width, centre, radius, false);
  }
}

/** Eight input samples from `at` as u16 lanes: bytes (u8 plane) or u16 Q4 (fine). */
@inline function load8(at: usize, fine: bool): v128 {
  return fine ? v128.load(at) : v128.load8x8_u(at);
}

/** One input sample of plane `src` at `index`. */
@inline function sampleAt(src: usize, index: i32, fine: bool): i32 {
  return fine ? u16At(src, index) : u8At(src, index);
}

/** Vertical pass: Q14 x u8 >> 7, or Q14 x Q4 >> 11, is Q7. */
@inline function verticalShift(fine: bool): i32 {
  return fine ? 11 : 7;
}

/** One row of the vertical pass with the whole window inside the image: u8 or Q4 -> Q7. */
@inline function verticalInterior(src: usize, tmp: usize, width: i32, y: i32, centre: usize, radius: i32, fine: bool): void {
  const row = y * width;
  const shift = verticalShift(fine);
  const half = i32x4.splat(1 << (shift - 1));
  const size: usize = fine ? 2 : 1;
  const stride = <usize>width * size;
  let x = 0;
  for (; x + 8 <= width; x += 8) {
    const mid = src + <usize>(row + x) * size;
    const px = load8(mid, fine);
    const w0 = weightLanes(centre, 0);
    let lo = i32x4.add(half, i32x4.extmul_low_i16x8_u(px, w0));
    let hi = i32x4.add(half, i32x4.extmul_high_i16x8_u(px, w0));
    let d = 1;
    // Two offsets at a time: (p[-d] + p[d]) and (p[-d-1] + p[d+1]) interleaved, one dot product.
    for (; d < radius; d += 2) {
      const near = i16x8.add(load8(mid - <usize>d * stride, fine), load8(mid + <usize>d * stride, fine));
      const far = i16x8.add(load8(mid - <usize>(d + 1) * stride, fine), load8(mid + <usize>(d + 1) * stride, fine));
      const w = weightPair(centre, d);
      lo = i32x4.add(lo, i32x4.dot_i16x8_s(interleaveLow(near, far), w));
      hi = i32x4.add(hi, i32x4.dot_i16x8_s(interleaveHigh(near, far), w));
    }
    if (d == radius) {
      const pair = i16x8.add(load8(mid - <usize>d * stride, fine), load8(mid + <usize>d * stride, fine));
      const w = weightLanes(centre, d);
      lo = i32x4.add(lo, i32x4.extmul_low_i16x8_u(pair, w));
      hi = i32x4.add(hi, i32x4.extmul_high_i16x8_u(pair, w));
    }
    v128.store(tmp + (<usize>(row + x) << 1), i16x8.narrow_i32x4_u(i32x4.shr_u(lo, shift), i32x4.shr_u(hi, shift)));
  }
  for (; x < width; x++) {
    let acc = 1 << (shift - 1);
    for (let d = -radius; d <= radius; d++) acc += weight(centre, d) * sampleAt(src, row + d * width + x, fine);
    setU16(tmp, row + x, acc >> shift);
  }
}

/** Weights for offsets d and d+1 in alternating 16-bit lanes, to pair with interleaved samples. */
@inline function weightPair(centre: usize, d: i32): v128 {
  return i32x4.splat(weight(centre, d) | (weight(centre, d + 1) << 16));
}

/** Lanes 0..3 of a and b interleaved: a0 b0 a1 b1 a2 b2 a3 b3. */
@inline function interleaveLow(a: v128, b: v128): v128 {
  return i16x8.shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11);
}

/** Lanes 4..7 of a and b interleaved: a4 b4 a5 b5 a6 b6 a7 b7. */
@inline function interleaveHigh(a: v128, b: v128): v128 {
  return i16x8.shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15);
}

/** One row of the vertical pass with the window clipped to offsets lo..hi: u8 or Q4 -> Q7. */
@inline function verticalClipped(src: usize, tmp: usize, width: i32, y: i32, centre: usize, lo: i32, hi: i32, fine: bool): void {
  const row = y * width;
  const sum = weightSum(centre, lo, hi);
  const scale = fine ? 8 : 128;
  const size: usize = fine ? 2 : 1;
  let x = 0;
  for (; x + 8 <= width; x += 8) {
    let accLo = i32x4.splat(0);
    let accHi = i32x4.splat(0);
    let p = src + <usize>(row + lo * width + x) * size;
    for (let d = lo; d <= hi; d++) {
      const px = load8(p, fine);
      const w = weightLanes(centre, d);
      accLo = i32x4.add(accLo, i32x4.extmul_low_i16x8_u(px, w));
      accHi = i32x4.add(accHi, i32x4.extmul_high_i16x8_u(px, w));
      p += <usize>width * size;
    }
    storeDivided4(tmp, row + x, accLo, sum, scale);
    storeDivided4(tmp, row + x + 4, accHi, sum, scale);
  }
  for (; x < width; x++) {
    let acc = 0;
    for (let d = lo; d <= hi; d++) acc += weight(centre, d) * sampleAt(src, row + d * width + x, fine);
    setU16(tmp, row + x, (acc * scale + (sum >> 1)) / sum);
  }
}

/** Stores the four Q7 samples (acc * scale + sum/2) / sum at tmp[index..index+3]. */
@inline function storeDivided4(tmp: usize, index: i32, acc: v128, sum: i32, scale: i32): void {
  const bias = sum >> 1;
  setU16(tmp, index, (i32x4.extract_lane(acc, 0) * scale + bias) / sum);
  setU16(tmp, index + 1, (i32x4.extract_lane(acc, 1) * scale + bias) / sum);
  setU16(tmp, index + 2, (i32x4.extract_lane(acc, 2) * scale + bias) / sum);
  setU16(tmp, index + 3, (i32x4.extract_lane(acc, 3) * scale + bias) / sum);
}

/** One row of the horizontal pass: Q7 -> u8 (or, fine, Q7), rounded to nearest. */
@inline function horizontalRow(src: usize, dst: usize, width: i32, centre: usize, radius: i32, fine: bool): void {
  const edge = min(radius, width);
  for (let x = 0; x < edge; x++) horizontalClipped(src, dst, width, x, centre, radius, fine);
  let x = radius;
  // Samples are taken relative to OFFSET so a sum of two fits a signed 16-bit lane for the dot
  // product; the full window's weights sum to 1 << 14, so adding OFFSET << 14 undoes it exactly.
  const shift = fine ? 14 : 21;
  const bias = i32x4.splat((1 << (shift - 1)) + (OFFSET << 14));
  const offset = i16x8.splat(<i16>OFFSET);
  for (; x + 8 <= width - radius; x += 8) {
    const mid = src + (<usize>x << 1);
    const px = i16x8.sub(v128.load(mid), offset);
    const w0 = weightLanes(centre, 0);
    let lo = i32x4.add(bias, i32x4.extmul_low_i16x8_s(px, w0));
    let hi = i32x4.add(bias, i32x4.extmul_high_i16x8_s(px, w0));
    let d = 1;
    for (; d < radius; d += 2) {
      const near = i16x8.add(i16x8.sub(v128.load(mid - (<usize>d << 1)), offset), i16x8.sub(v128.load(mid + (<usize>d << 1)), offset));
      const far = i16x8.add(i16x8.sub(v128.load(mid - (<usize>(d + 1) << 1)), offset), i16x8.sub(v128.load(mid + (<usize>(d + 1) << 1)), offset));
      const w = weightPair(centre, d);
      lo = i32x4.add(lo, i32x4.dot_i16x8_s(interleaveLow(near, far), w));
      hi = i32x4.add(hi, i32x4.dot_i16x8_s(interleaveHigh(near, far), w));
    }
    if (d == radius) {
      const pair = i16x8.add(i16x8.sub(v128.load(mid - (<usize>d << 1)), offset), i16x8.sub(v128.load(mid + (<usize>d << 1)), offset));
      const w = weightLanes(centre, d);
      lo = i32x4.add(lo, i32x4.extmul_low_i16x8_s(pair, w));
      hi = i32x4.add(hi, i32x4.extmul_high_i16x8_s(pair, w));
    }
    const words = i16x8.narrow_i32x4_u(i32x4.shr_u(lo, shift), i32x4.shr_u(hi, shift));
    if (fine) v128.store(dst + (<usize>x << 1), words);
    else v128.store64_lane(dst + <usize>x, i8x16.narrow_i16x8_u(words, words), 0);
  }
  for (; x < width - radius; x++) {
    let acc = 1 << (shift - 1);
    for (let d = -radius; d <= radius; d++) acc += weight(centre, d) * u16At(src, x + d);
    if (fine) setU16(dst, x, acc >> shift);
    else setU8(dst, x, acc >> shift);
  }
  for (x = max(edge, width - radius); x < width; x++) horizontalClipped(src, dst, width, x, centre, radius, fine);
}

/** One output pixel of the horizontal pass whose window is clipped by a border. */
function horizontalClipped(src: usize, dst: usize, width: i32, x: i32, centre: usize, radius: i32, fine: bool): void {
  const lo = max(-radius, -x);
  const hi = min(radius, width - 1 - x);
  const sum = weightSum(centre, lo, hi);
  let acc = 0;
  for (let d = lo; d <= hi; d++) acc += weight(centre, d) * u16At(src, x + d);
  if (fine) setU16(dst, x, (acc + (sum >> 1)) / sum);
  else setU8(dst, x, (acc + sum * 64) / (sum * 128));
}
