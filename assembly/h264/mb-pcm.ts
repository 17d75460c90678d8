import { alignWithZeros, macroblockBits, putBits, putUe, rewindMacroblock } from "./bitwriter";
import { markPcm, mbInfo } from "./mb-info";
import { copy16x16 } from "./scratch";
import { codedWidth, currentInfo, currentRecon, mbWidth, reconStride, sourcePlane } from "./workspace";

// I_PCM for macroblocks the transform codes too expensively: the source samples as they are. At
// low QP noise-like content needs more than the 3200 bits a Baseline macroblock may take; an I_PCM
// macroblock takes at most 3088 (mb_type, alignment, 256 luma and 128 chroma samples of 8 bits),
// so every QP 0..51 stays within the limit, and the macroblock becomes lossless and smaller.
// see: ITU-T H.264 (08/2021) clause A.3.1 item n (at most 3200 bits of macroblock_layer() per
// macroblock), 7.3.5 (pcm_alignment_zero_bit, pcm_sample_luma, pcm_sample_chroma), Table 7-11
// (I_PCM is mb_type 25 of an I slice, 30 of a P slice).

/** Bits of an I_PCM macroblock at most: a 9-bit mb_type, up to 7 alignment bits, 384 samples of 8 bits. */
export const PCM_MAX_BITS: i32 = 9 + 7 + 384 * 8;
const MB_TYPE_PCM: u32 = 25;
/** Chroma samples (Cb then Cr, 8x8 each) of a grey picture. */
const NEUTRAL_CHROMA: u32 = 0x80808080;

/**
 * Rewrites the macroblock (mbX, mbY), written since markMacroblock(), as I_PCM when it took more
 * bits than I_PCM would (mb_type offset by `mbTypeBase`: 0 in I, 5 in P slices).
 */
export function capMacroblock(mbX: i32, mbY: i32, mbTypeBase: i32): void {
  if (macroblockBits() <= PCM_MAX_BITS) return;
  rewindMacroblock();
  const source = sourcePlane + <usize>((mbY << 4) * codedWidth + (mbX << 4));
  putUe(<u32>mbTypeBase + MB_TYPE_PCM);
  alignWithZeros();
  for (let y = 0; y < 16; y++) {
    const row = source + <usize>(y * codedWidth);
    for (let x: usize = 0; x < 16; x += 4) putBits(bswap<u32>(load<u32>(row + x)), 32);
  }
  for (let i = 0; i < 32; i++) putBits(NEUTRAL_CHROMA, 32);
  copy16x16(source, codedWidth, currentRecon + <usize>((mbY << 4) * reconStride + (mbX << 4)), reconStride);
  markPcm(mbInfo(currentInfo, mbY * mbWidth + mbX));
}
