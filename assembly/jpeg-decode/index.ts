// Baseline JPEG decoder (sequential Huffman, 8-bit, 1 or 3 components) that writes the 8-bit
// Rec.709 grey plane directly. The host owns all memory: it copies the JPEG bytes in, calls
// jpegParse, allocates jpegScratchBytes() of scratch and a width*height plane, then calls
// jpegDecodeGrey. Codes are in codes.ts (mirrored in src/jpeg/decode-codes.ts).
// Damaged data: decoding stops with a code at the first invalid Huffman code, run past
// coefficient 63, end of data, or misplaced restart marker; damage that still parses (a flipped
// value bit, say) gives a best-effort image. Reads stay inside [src, src + length); every loop
// advances through the input, so time is bounded by the input length (and the frame size).
// Chroma is replicated (nearest neighbour, as jpeg-js does; not libjpeg's "fancy" filter).
// see: ITU-T T.81 (JPEG baseline), JFIF 1.02.
import { decodeGrey, layout } from "./decode";
import { parseHeaders } from "./markers";
import * as state from "./state";

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

/** Bytes of 16-aligned scratch memory jpegDecodeGrey needs (a few MCU rows); 0 unless jpegParse returned OK. */
export function jpegScratchBytes(): i32 {
  return state.parsed ? layout() : 0;
}

/** Decodes the parsed image into width*height grey bytes at dst; 0 (OK) or a negative code. */
export function jpegDecodeGrey(scratch: usize, dst: usize): i32 {
  return decodeGrey(scratch, dst);
}
