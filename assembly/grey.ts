import { setU8, u8At } from "./pixels";

// see: ITU-R BT.709-6, item 3.2 (luma coefficients 0.2126, 0.7152, 0.0722).
// The coefficients in 16-bit fixed point sum to exactly 65536, so white stays 255.
const R_Q16: i32 = 13933;
const G_Q16: i32 = 46871;
const B_Q16: i32 = 4732;

/** Rec. 709 luma of one pixel: channels 0..255 -> 0..255, rounded to nearest. */
@inline export function luma(r: i32, g: i32, b: i32): i32 {
  return (r * R_Q16 + g * G_Q16 + b * B_Q16 + 32768) >> 16;
}

/** Interleaved RGB (3 bytes per pixel, `pixels` pixels) -> 8-bit grey plane. */
export function greyFromRgb(src: usize, dst: usize, pixels: i32): void {
  for (let i = 0; i < pixels; i++) {
    const p = i * 3;
    setU8(dst, i, luma(u8At(src, p), u8At(src, p + 1), u8At(src, p + 2)));
  }
}
