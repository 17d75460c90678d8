import { LUMA_QUANT, ZIGZAG } from "./tables";
import { qualityScale, scaledEntry } from "./quality";
import { roundLanes } from "../lanes";

// Quantisation by precomputed reciprocals, and the zig-zag ordered mask of non-zero coefficients.
// see: ITU-T T.81 section A.3.4 (Sq = round(S / Q)) and Figure A.6 (zig-zag sequence).
// Block layout matches fdct.ts: index v * 8 + u holds frequency (u vertical, v horizontal).
// The coefficients stay in that layout; entropy.ts reads the non-zero ones through ZIGZAG_OFFSETS.

/** AAN output scale per frequency k: 1 for k = 0, else sqrt(2) * cos(k * pi / 16). */
const AAN_SCALE: usize = memory.data<f32>([
  1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379,
]);
/** The scaled table in zig-zag order, as DQT writes it: 64 x u8. */
export const QUANT_ZIGZAG: usize = memory.data(64, 16);
/** 1 / (8 * aan(u) * aan(v) * Q(u, v)) in the transposed block layout: 64 x f32. */
const RECIPROCALS: usize = memory.data(256, 16);
/** Byte offset in the transposed i16 block of the k-th zig-zag coefficient: 64 x u8. */
export const ZIGZAG_OFFSETS: usize = memory.data(64, 16);
/**
 * Swizzle masks that gather the non-zero flags (one byte per coefficient, transposed order, 4 vectors)
 * into zig-zag order: for output vector g and source vector s, 16 lane indices at (g * 4 + s) * 16;
 * 0xff (out of range, gives 0) where the flag comes from another source vector.
 */
const ZIGZAG_SWIZZLES: usize = memory.data(256, 16);

/** Largest coefficient magnitude kept: 10 bits, so every AC fits category 10 and DC differences category 11. */
const COEF_LIMIT: i16 = 1023;

/** Fills QUANT_ZIGZAG and the reciprocals for quality 1..100. */
export function prepareQuantization(quality: i32): void {
  const scale = qualityScale(quality);
  for (let n = 0; n < 64; n++) {
    const u = n >> 3, v = n & 7;
    const q = <f32>scaledEntry(<i32>load<u8>(LUMA_QUANT + <usize>n), scale);
    const divisor = q * load<f32>(AAN_SCALE + (<usize>u << 2)) * load<f32>(AAN_SCALE + (<usize>v << 2)) * 8.0;
    store<f32>(RECIPROCALS + (<usize>(v * 8 + u) << 2), 1.0 / divisor);
  }
  for (let k = 0; k < 64; k++) {
    const n = <usize>load<u8>(ZIGZAG + <usize>k);
    store<u8>(QUANT_ZIGZAG + <usize>k, <u8>scaledEntry(<i32>load<u8>(LUMA_QUANT + n), scale));
  }
}

let zigzagDerived = false;

/** Fills ZIGZAG_OFFSETS and ZIGZAG_SWIZZLES (once; they never change). */
export function deriveZigzagTables(): void {
  if (zigzagDerived) return;
  for (let k = 0; k < 64; k++) {
    const n = <i32>load<u8>(ZIGZAG + <usize>k);
    const t = (n & 7) * 8 + (n >> 3); // index in the transposed layout
    store<u8>(ZIGZAG_OFFSETS + <usize>k, <u8>(t << 1));
    for (let s = 0; s < 4; s++) {
      store<u8>(ZIGZAG_SWIZZLES + <usize>(((k >> 4) * 4 + s) * 16 + (k & 15)), t >> 4 == s ? <u8>(t & 15) : 0xff);
    }
  }
  zigzagDerived = true;
}

/** 64 f32 DCT outputs at `coefs` -> 64 rounded, clamped i16 at `out`, both in the transposed layout. */
export function quantizeBlock(coefs: usize, out: usize): void {
  const limit = i16x8.splat(COEF_LIMIT);
  const negLimit = i16x8.splat(-COEF_LIMIT);
  for (let i: usize = 0; i < 8; i++) {
    const lo = quantize4(coefs + (i << 5), RECIPROCALS + (i << 5));
    const hi = quantize4(coefs + (i << 5) + 16, RECIPROCALS + (i << 5) + 16);
    const words = i16x8.narrow_i32x4_s(lo, hi);
    v128.store(out + (i << 4), i16x8.max_s(i16x8.min_s(words, limit), negLimit));
  }
}

/** round(coef * reciprocal) of four lanes (ties to even), as i32: F(u, v) / Q(u, v), at most 2048 for 8-bit samples. */
@inline function quantize4(coefs: usize, reciprocals: usize): v128 {
  return roundLanes(f32x4.mul(v128.load(coefs), v128.load(reciprocals)));
}

/** Bit k set iff the k-th coefficient in zig-zag order of the transposed i16 block is non-zero. */
export function zigzagMask(block: usize): u64 {
  // Saturating narrowing keeps zero as zero and every non-zero value non-zero: 4 vectors of 16 flags.
  const f0 = i8x16.narrow_i16x8_s(v128.load(block), v128.load(block, 16));
  const f1 = i8x16.narrow_i16x8_s(v128.load(block, 32), v128.load(block, 48));
  const f2 = i8x16.narrow_i16x8_s(v128.load(block, 64), v128.load(block, 80));
  const f3 = i8x16.narrow_i16x8_s(v128.load(block, 96), v128.load(block, 112));
  let mask: u64 = 0;
  for (let g: usize = 0; g < 4; g++) {
    const s = ZIGZAG_SWIZZLES + (g << 6);
    const a = v128.or(i8x16.swizzle(f0, v128.load(s)), i8x16.swizzle(f1, v128.load(s, 16)));
    const b = v128.or(i8x16.swizzle(f2, v128.load(s, 32)), i8x16.swizzle(f3, v128.load(s, 48)));
    const bits = <u32>i8x16.bitmask(i8x16.ne(v128.or(a, b), i8x16.splat(0)));
    mask |= <u64>bits << (g << 4);
  }
  return mask;
}
