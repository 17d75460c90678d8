// Baseline JPEG decoder (sequential Huffman, 8-bit, 1 or 3 components) that writes the 8-bit
// Rec.709 grey plane directly. The host owns all memory: it copies the JPEG bytes in, calls
// jpegParse, allocates jpegScratchBytes() of scratch and a width*height plane, then calls
// jpegDecodeGrey. Codes are in codes.ts (mirrored in src/jpeg/decode-codes.ts).
// Damaged data: decoding stops with a code at the first invalid Huffman code, run past
// coefficient 63, end of data, or misplaced restart marker; damage that still parses (a flipped
// value bit, say) gives a best-effort image. Reads stay inside [src, src + length); every loop
// advances through the input, so time is bounded by the input length (and the frame size).
// Chroma is replicated (nearest neighbour, as jpeg-js does; not libjpeg's "fancy" filter).
// At a reduced scale (1/2, 1/4, 1/8) each block is inverse-transformed to fewer samples (decode.ts,
// scale.ts): the entropy decoding is the same, everything after it is smaller.
// see: ITU-T T.81 (JPEG baseline), JFIF 1.02.
import { BAD_SCALE } from "./codes";
import { decodeGrey, layout } from "./decode";
import { parseHeaders } from "./markers";
import * as state from "./state";
export { jpegScanEnd } from "./scan-end";

/** Parses src[0..length) up to the first scan; 0 (OK) or a negative code from codes.ts. */
export function jpegParse(src: usize, length: i32): i32 {
  return parseHeaders(src, length);
}

/** Image width in pixels (1..65535) from the frame header; 0 before one is parsed. */
export function jpegWidth(): i32 {
  return state.frameWidth;
}

/** Image height in pixels (1..65535) from the frame header; 0 before one is parsed. */
export function jpegHeight(): i32 {
  return state.frameHeight;
}

/** Number of components the frame declares (1..255); 0 before one is parsed. */
export function jpegComponents(): i32 {
  return state.componentCount;
}

/** The frame header's SOFn marker low byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive; 0 before one is parsed. */
export function jpegFrameType(): i32 {
  return state.frameMarker;
}

/** (H << 4) | V sampling factors of frame component c (0..3) as declared; 0 for a component not declared or not parsed. */
export function jpegSampling(c: i32): i32 {
  return state.declaredSampling(c);
}

/** Bytes of 16-aligned scratch memory jpegDecodeGrey needs at 1/scale (a few MCU rows); 0 unless jpegParse returned OK, BAD_SCALE for a scale not 1, 2, 4 or 8. */
export function jpegScratchBytes(scale: i32): i32 {
  if (scale != 1 && scale != 2 && scale != 4 && scale != 8) return BAD_SCALE;
  return state.parsed ? layout(scale) : 0;
}

/**
 * Decodes the parsed image into dst: at scale 1, width*height grey bytes; at 1/2, 1/4, 1/8
 * (scale 2, 4, 8), the ceil(width/scale) x ceil(height/scale) grid of u16 grey in 1/16 levels.
 * 0 (OK) or a negative code.
 */
export function jpegDecodeGrey(scratch: usize, dst: usize, scale: i32): i32 {
  return decodeGrey(scratch, dst, scale);
}
