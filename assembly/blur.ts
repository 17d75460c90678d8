import { setU16, setU8, u16At, u8At } from "./pixels";

// Separable Gaussian blur with clipped windows.
// see: https://en.wikipedia.org/wiki/Gaussian_blur (separability); the weights, their
// fixed-point form and the border rule are defined in src/gaussian.ts.
//
// Weights are Q14 integers whose full window sums to exactly 1 << 14. The vertical pass
// keeps 8 fractional bits (u16 "Q8" samples), the horizontal pass rounds to 8 bits.
// Where the window is clipped by a border, the sum is divided by the weights that remain.

/** Q14 weight for offset d (-radius..radius) from the centre of the weight table. */
@inline function weight(centre: usize, d: i32): i32 {
  return load<i32>(centre + (<usize>(<isize>d << 2)));
}

/** Sum of the Q14 weights for offsets lo..hi. */
function weightSum(centre: usize, lo: i32, hi: i32): i32 {
  let sum = 0;
  for (let d = lo; d <= hi; d++) sum += weight(centre, d);
  return sum;
}

/** Blurs a width x height u8 plane (dst may equal src); tmp: width*height u16; weights: 2*radius+1 Q14 i32 (sum 16384), radius >= 0. */
export function gaussianBlur(src: usize, dst: usize, tmp: usize, width: i32, height: i32, weights: usize, radius: i32): void {
  const centre = weights + (<usize>radius << 2);
  for (let y = 0; y < height; y++) {
    const lo = max(-radius, -y);
    const hi = min(radius, height - 1 - y);
    if (lo == -radius && hi == radius) verticalInterior(src, tmp, width, y, centre, radius);
    else verticalClipped(src, tmp, width, y, centre, lo, hi);
  }
  for (let y = 0; y < height; y++) horizontalRow(tmp + (<usize>(y * width) << 1), dst + <usize>(y * width), width, centre, radius);
}

/** One row of the vertical pass with the whole window inside the image: u8 -> Q8. */
function verticalInterior(src: usize, tmp: usize, width: i32, y: i32, centre: usize, radius: i32): void {
  const row = y * width;
  const half = i32x4.splat(32);
  let x = 0;
  for (; x + 8 <= width; x += 8) {
    let lo = half;
    let hi = half;
    let p = src + <usize>(row - radius * width + x);
    for (let d = -radius; d <= radius; d++) {
      const w = i16x8.splat(<i16>weight(centre, d));
      const px = v128.load8x8_u(p);
      lo = i32x4.add(lo, i32x4.extmul_low_i16x8_u(px, w));
      hi = i32x4.add(hi, i32x4.extmul_high_i16x8_u(px, w));
      p += <usize>width;
    }
    v128.store(tmp + (<usize>(row + x) << 1), i16x8.narrow_i32x4_u(i32x4.shr_u(lo, 6), i32x4.shr_u(hi, 6)));
  }
  for (; x < width; x++) {
    let acc = 32;
    for (let d = -radius; d <= radius; d++) acc += weight(centre, d) * u8At(src, row + d * width + x);
    setU16(tmp, row + x, acc >> 6);
  }
}

/** One row of the vertical pass with the window clipped to offsets lo..hi: u8 -> Q8. */
function verticalClipped(src: usize, tmp: usize, width: i32, y: i32, centre: usize, lo: i32, hi: i32): void {
  const row = y * width;
  const sum = weightSum(centre, lo, hi);
  for (let x = 0; x < width; x++) {
    let acc = 0;
    for (let d = lo; d <= hi; d++) acc += weight(centre, d) * u8At(src, row + d * width + x);
    setU16(tmp, row + x, (acc * 256 + (sum >> 1)) / sum);
  }
}

/** One row of the horizontal pass: Q8 -> u8, rounded to nearest. */
function horizontalRow(src: usize, dst: usize, width: i32, centre: usize, radius: i32): void {
  const edge = min(radius, width);
  for (let x = 0; x < edge; x++) horizontalClipped(src, dst, width, x, centre, radius);
  let x = radius;
  const half = i32x4.splat(1 << 21);
  for (; x + 8 <= width - radius; x += 8) {
    let lo = half;
    let hi = half;
    let p = src + (<usize>(x - radius) << 1);
    for (let d = -radius; d <= radius; d++) {
      const w = i16x8.splat(<i16>weight(centre, d));
      const px = v128.load(p);
      lo = i32x4.add(lo, i32x4.extmul_low_i16x8_u(px, w));
      hi = i32x4.add(hi, i32x4.extmul_high_i16x8_u(px, w));
      p += 2;
    }
    const words = i16x8.narrow_i32x4_u(i32x4.shr_u(lo, 22), i32x4.shr_u(hi, 22));
    v128.store64_lane(dst + <usize>x, i8x16.narrow_i16x8_u(words, words), 0);
  }
  for (; x < width - radius; x++) {
    let acc = 1 << 21;
    for (let d = -radius; d <= radius; d++) acc += weight(centre, d) * u16At(src, x + d);
    setU8(dst, x, acc >> 22);
  }
  for (x = max(edge, width - radius); x < width; x++) horizontalClipped(src, dst, width, x, centre, radius);
}

/** One output pixel of the horizontal pass whose window is clipped by a border. */
function horizontalClipped(src: usize, dst: usize, width: i32, x: i32, centre: usize, radius: i32): void {
  const lo = max(-radius, -x);
  const hi = min(radius, width - 1 - x);
  const sum = weightSum(centre, lo, hi);
  let acc = 0;
  for (let d = lo; d <= hi; d++) acc += weight(centre, d) * u16At(src, x + d);
  setU8(dst, x, (acc + sum * 128) / (sum * 256));
}
