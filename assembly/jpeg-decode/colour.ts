// YCbCr -> RGB -> Rec.709 grey, fused. Per chroma sample the three offsets
//   dR = 1.402 (Cr-128), dG = -0.34414 (Cb-128) - 0.71414 (Cr-128), dB = 1.772 (Cb-128)
// are rounded in 16-bit fixed point exactly as IJG libjpeg's jdcolor.c does; per pixel
// R, G, B = clamp(Y + d, 0, 255) and grey = luma(R, G, B) from grey.ts.
// Nothing about chroma can be skipped for exactness: clamping makes every channel count. (One-
// component files skip all of this: the decoded plane is the grey plane.) At a reduced scale luma
// and grey are in 1/16 levels (u16, 0..4080): the offsets are scaled by 16 and the clamp is 4080.
// see: JFIF 1.02 section 7 (YCbCr to RGB); ITU-R BT.709-6 item 3.2 (luma weights, in grey.ts).
import { luma } from "../grey";

// luma()'s weights read back from it, so its formula stays in one place: with one channel at
// 65536 the rounding term vanishes in the shift. They sum to 65536 (see grey.ts), which gives
//   luma = G + ((wR (R - G) + wB (B - G) + 32768) >> 16)  with small factors for i16 SIMD.
@inline function redWeight(): i32 {
  return luma(65536, 0, 0);
}
@inline function blueWeight(): i32 {
  return luma(0, 0, 65536);
}

/** (x * factor + 32768) >> 16 on eight i16 lanes, computed in i32. */
@inline function mulHiRound(x: v128, factor: i16): v128 {
  const f = i16x8.splat(factor);
  const half = i32x4.splat(32768);
  const lo = i32x4.shr_s(i32x4.add(i32x4.extmul_low_i16x8_s(x, f), half), 16);
  const hi = i32x4.shr_s(i32x4.add(i32x4.extmul_high_i16x8_s(x, f), half), 16);
  return i16x8.narrow_i32x4_s(lo, hi);
}

/**
 * Offsets of `n` chroma samples (rounded up to 8; rows are padded) as three i16 arrays at
 * `out`, `out + plane`, `out + 2 * plane`: dR, dG, dB.
 */
export function chromaOffsets(cb: usize, cr: usize, n: i32, out: usize, plane: usize): void {
  const centre = i16x8.splat(128);
  for (let i = 0; i < n; i += 8) {
    const b = i16x8.sub(v128.load8x8_u(cb + <usize>i), centre);
    const r = i16x8.sub(v128.load8x8_u(cr + <usize>i), centre);
    // 91881 = 65536 + 26345, -46802 = -65536 + 18734, 116130 = 131072 - 14942 (libjpeg's FIX()).
    const dR = i16x8.add(r, mulHiRound(r, 26345));
    const gLo = i32x4.add(i32x4.extmul_low_i16x8_s(b, i16x8.splat(-22554)), i32x4.extmul_low_i16x8_s(r, i16x8.splat(18734)));
    const gHi = i32x4.add(i32x4.extmul_high_i16x8_s(b, i16x8.splat(-22554)), i32x4.extmul_high_i16x8_s(r, i16x8.splat(18734)));
    const half = i32x4.splat(32768);
    const g = i16x8.narrow_i32x4_s(i32x4.shr_s(i32x4.add(gLo, half), 16), i32x4.shr_s(i32x4.add(gHi, half), 16));
    const dG = i16x8.sub(g, r);
    const dB = i16x8.add(i16x8.add(b, b), mulHiRound(b, -14942));
    const at = out + (<usize>i << 1);
    v128.store(at, dR);
    v128.store(at + plane, dG);
    v128.store(at + (plane << 1), dB);
  }
}

/** Y + offset clamped to 0..top (255, or 4080 for 1/16 levels), eight i16 lanes. */
@inline function channel(y: v128, offset: v128, top: i16): v128 {
  return i16x8.min_s(i16x8.max_s(i16x8.add(y, offset), i16x8.splat(0)), i16x8.splat(top));
}

/**
 * luma() of eight pixels given as i16 lanes 0..255, as G + the rounded correction from R - G and
 * B - G. In 1/16 levels (0..4080) the correction is still rounded to whole levels: where no
 * channel clamps, R - G and B - G come from the chroma alone, so the grey of a cell's mean luma
 * is then exactly the mean of the full-size decode's grey over the cell's pixels.
 */
@inline function lumaLanes(r: v128, g: v128, b: v128, fine: bool): v128 {
  const rg = i16x8.sub(r, g);
  const bg = i16x8.sub(b, g);
  const weights = i32x4.splat((blueWeight() << 16) | redWeight());
  const shift = fine ? 20 : 16;
  const half = i32x4.splat(1 << (shift - 1));
  const lo = i32x4.dot_i16x8_s(v128.shuffle<i16>(rg, bg, 0, 8, 1, 9, 2, 10, 3, 11), weights);
  const hi = i32x4.dot_i16x8_s(v128.shuffle<i16>(rg, bg, 4, 12, 5, 13, 6, 14, 7, 15), weights);
  const delta = i16x8.narrow_i32x4_s(i32x4.shr_s(i32x4.add(lo, half), shift), i32x4.shr_s(i32x4.add(hi, half), shift));
  return i16x8.add(g, fine ? i16x8.shl(delta, 4) : delta);
}

/** Grey of eight pixels: Y as i16 lanes, offsets as i16 lanes (times 16 for 1/16 levels). */
@inline function greyLanes(y: v128, dR: v128, dG: v128, dB: v128, fine: bool): v128 {
  const top: i16 = fine ? 4080 : 255;
  if (fine) return lumaLanes(channel(y, i16x8.shl(dR, 4), top), channel(y, i16x8.shl(dG, 4), top), channel(y, i16x8.shl(dB, 4), top), true);
  return lumaLanes(channel(y, dR, top), channel(y, dG, top), channel(y, dB, top), false);
}

/** Grey of one pixel, the scalar form of greyLanes. */
@inline function greyPixel(y: i32, offsets: usize, plane: usize, fine: bool): i32 {
  const scale = fine ? 16 : 1;
  const top = fine ? 4080 : 255;
  const r = min(max(y + scale * <i32>load<i16>(offsets), 0), top);
  const g = min(max(y + scale * <i32>load<i16>(offsets + plane), 0), top);
  const b = min(max(y + scale * <i32>load<i16>(offsets + (plane << 1)), 0), top);
  if (!fine) return luma(r, g, b);
  return g + (((redWeight() * (r - g) + blueWeight() * (b - g) + (1 << 19)) >> 20) << 4);
}

/** Offsets of 8 pixels at chroma index c: one per pixel (ratio 1) or each for two pixels (ratio 2). */
@inline function offsetLanes(array: usize, c: usize, ratio: i32, high: bool): v128 {
  if (ratio == 1) return v128.load(array + (c << 1) + (high ? 16 : 0));
  const v = v128.load(array + (c << 1));
  return high ? v128.shuffle<i16>(v, v, 4, 4, 5, 5, 6, 6, 7, 7) : v128.shuffle<i16>(v, v, 0, 0, 1, 1, 2, 2, 3, 3);
}

/**
 * One row of `width` grey pixels from a Y row and chroma offsets (from chromaOffsets) sampled
 * every pixel (ratio 1) or every second pixel (ratio 2, replicated: nearest neighbour).
 */
export function greyRow(luma8: usize, offsets: usize, plane: usize, ratio: i32, dst: usize, width: i32): void {
  greyRowOf(luma8, offsets, plane, ratio, dst, width, false);
}

/** greyRow in 1/16 levels: Y and grey u16 (0..4080). */
export function greyRowFine(luma16: usize, offsets: usize, plane: usize, ratio: i32, dst: usize, width: i32): void {
  greyRowOf(luma16, offsets, plane, ratio, dst, width, true);
}

@inline function greyRowOf(luma: usize, offsets: usize, plane: usize, ratio: i32, dst: usize, width: i32, fine: bool): void {
  const shift = ratio == 1 ? 0 : 1;
  const size: usize = fine ? 2 : 1;
  let x = 0;
  for (; x + 16 <= width; x += 16) {
    const c = <usize>(x >> shift);
    const y = v128.load(luma + <usize>x * size);
    const yLo = fine ? y : i16x8.extend_low_i8x16_u(y);
    const yHi = fine ? v128.load(luma + <usize>x * size, 16) : i16x8.extend_high_i8x16_u(y);
    const lo = greyLanes(yLo, offsetLanes(offsets, c, ratio, false), offsetLanes(offsets + plane, c, ratio, false), offsetLanes(offsets + (plane << 1), c, ratio, false), fine);
    const hi = greyLanes(yHi, offsetLanes(offsets, c, ratio, true), offsetLanes(offsets + plane, c, ratio, true), offsetLanes(offsets + (plane << 1), c, ratio, true), fine);
    if (fine) {
      v128.store(dst + <usize>x * size, lo);
      v128.store(dst + <usize>x * size, hi, 16);
    } else {
      v128.store(dst + <usize>x, i8x16.narrow_i16x8_u(lo, hi));
    }
  }
  for (; x < width; x++) {
    const at = offsets + (<usize>(x >> shift) << 1);
    const y = fine ? <i32>load<u16>(luma + <usize>x * size) : <i32>load<u8>(luma + <usize>x);
    const grey = greyPixel(y, at, plane, fine);
    if (fine) store<u16>(dst + <usize>x * size, <u16>grey);
    else store<u8>(dst + <usize>x, <u8>grey);
  }
}
