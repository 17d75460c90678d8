import { floorLanes } from "./lanes";
import { setU8, u8At } from "./pixels";

// 3x3 Sobel operator over the valid region, magnitude sqrt(gx^2 + gy^2) clamped to 255
// and truncated, as the Rust program did.
// see: https://en.wikipedia.org/wiki/Sobel_operator

/** Scalar magnitude: squared gradient 0..2080800 -> 0..255 (sqrt truncated, clamped). */
@inline function magnitude(gx: i32, gy: i32): i32 {
  // n < 2^24, so the f32 conversion is exact and the rounded sqrt never crosses an integer.
  return min(<i32>Mathf.sqrt(<f32>(gx * gx + gy * gy)), 255);
}

/** Edge map of a width x height u8 plane (width, height >= 3) into dst: (width-2) x (height-2) u8. */
export function sobel(src: usize, dst: usize, width: i32, height: i32): void {
  const outWidth = width - 2;
  for (let y = 0; y < height - 2; y++) {
    const top = src + <usize>(y * width);
    sobelRow(top, top + <usize>width, top + <usize>(2 * width), dst + <usize>(y * outWidth), outWidth);
  }
}

/** One row of the edge map, `outWidth` outputs, from three input rows of outWidth + 2 bytes. */
export function sobelRow(top: usize, mid: usize, bot: usize, out: usize, outWidth: i32): void {
  let x = 0;
  for (; x + 16 <= outWidth; x += 16) sobel16(top + <usize>x, mid + <usize>x, bot + <usize>x, out + <usize>x);
  for (; x + 8 <= outWidth; x += 8) {
    const words = sobel8(top + <usize>x, mid + <usize>x, bot + <usize>x);
    v128.store64_lane(out + <usize>x, i8x16.narrow_i16x8_u(words, words), 0);
  }
  for (; x < outWidth; x++) sobelAt(top + <usize>x, mid + <usize>x, bot + <usize>x, out + <usize>x);
}

/** Sixteen outputs at once: two sobel8 and one store (the narrowing to bytes clamps to 255). */
@inline function sobel16(top: usize, mid: usize, bot: usize, out: usize): void {
  v128.store(out, i8x16.narrow_i16x8_u(sobel8(top, mid, bot), sobel8(top + 8, mid + 8, bot + 8)));
}

/** Eight magnitudes as i16 lanes (0..1442, not yet clamped); each row pointer is at the left input of the first one. */
@inline function sobel8(top: usize, mid: usize, bot: usize): v128 {
  const a0 = v128.load8x8_u(top), a1 = v128.load8x8_u(top, 1), a2 = v128.load8x8_u(top, 2);
  const b0 = v128.load8x8_u(mid), b2 = v128.load8x8_u(mid, 2);
  const c0 = v128.load8x8_u(bot), c1 = v128.load8x8_u(bot, 1), c2 = v128.load8x8_u(bot, 2);
  const right = i16x8.add(i16x8.add(a2, c2), i16x8.shl(b2, 1));
  const left = i16x8.add(i16x8.add(a0, c0), i16x8.shl(b0, 1));
  const lower = i16x8.add(i16x8.add(c0, c2), i16x8.shl(c1, 1));
  const upper = i16x8.add(i16x8.add(a0, a2), i16x8.shl(a1, 1));
  const gx = i16x8.sub(right, left);
  const gy = i16x8.sub(lower, upper);
  const lo = i32x4.add(i32x4.extmul_low_i16x8_s(gx, gx), i32x4.extmul_low_i16x8_s(gy, gy));
  const hi = i32x4.add(i32x4.extmul_high_i16x8_s(gx, gx), i32x4.extmul_high_i16x8_s(gy, gy));
  const magLo = floorLanes(f32x4.sqrt(f32x4.convert_i32x4_s(lo)));
  const magHi = floorLanes(f32x4.sqrt(f32x4.convert_i32x4_s(hi)));
  return i16x8.narrow_i32x4_u(magLo, magHi);
}

/** One output; each row pointer is at its left input. */
@inline function sobelAt(top: usize, mid: usize, bot: usize, out: usize): void {
  const gx = (u8At(top, 2) + 2 * u8At(mid, 2) + u8At(bot, 2)) - (u8At(top, 0) + 2 * u8At(mid, 0) + u8At(bot, 0));
  const gy = (u8At(bot, 0) + 2 * u8At(bot, 1) + u8At(bot, 2)) - (u8At(top, 0) + 2 * u8At(top, 1) + u8At(top, 2));
  setU8(out, 0, magnitude(gx, gy));
}
