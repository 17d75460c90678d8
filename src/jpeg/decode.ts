// JPEG bytes in linear memory -> 8-bit grey plane in linear memory: the WebAssembly decoder for
// the baseline files it takes, the jpeg-js fallback for the rest. The header reader (header.ts)
// has accepted the file before either runs.
import type { Kernel } from '../wasm/instance';
import { reduceInKernel, type ReducedPlane } from '../core/fast-path';
import { decodeGreyWasm, decodeReducedWasm } from './decode-wasm';
import { decodeGreyJpegJs } from './decode-jpeg-js';
import { outcomeOf } from './decode-codes';
import type { JpegHeader } from './header';

export interface GreyPlane {
  /** Pointer to width*height bytes in the kernel's memory. */
  plane: number;
  width: number;
  height: number;
}

/** Memory limits handed to the decoder, derived from the frame limits. */
export interface DecodeLimits {
  maxPixels: number;
  /** Peak process memory the jpeg-js fallback may need (src/jpeg/jpeg-js-memory.ts); default 512 MiB. */
  maxJpegJsBytes?: number;
}

/** JPEG bytes in kernel memory -> grey plane: the WebAssembly decoder for baseline files, jpeg-js for the rest. */
export function decodeGrey(kernel: Kernel, input: number, length: number, header: JpegHeader, limits: DecodeLimits): GreyPlane {
  const image = decodeGreyWasm(kernel, input, length);
  return image === 'fallback' ? decodeGreyJpegJs(kernel, input, length, header, limits) : image;
}

/**
 * JPEG bytes in kernel memory -> the grid k times coarser (k >= 2), in 1/16 grey levels: the
 * WebAssembly decoder's scaled IDCT, or for what jpeg-js decodes, its full-size grey plane's cell
 * means (everything after the decode is then as cheap as for the WebAssembly decoder's files).
 */
export function decodeReduced(kernel: Kernel, input: number, length: number, header: JpegHeader, limits: DecodeLimits, k: number): ReducedPlane {
  const reduced = decodeReducedWasm(kernel, input, length, k);
  return reduced === 'fallback' ? reduceInKernel(kernel, decodeGreyJpegJs(kernel, input, length, header, limits), k) : reduced;
}

/** Which decoder will take the JPEG at input[0..length): its headers only are read (no pixel memory). */
export function decoderFor(kernel: Kernel, input: number, length: number): 'wasm' | 'jpeg-js' {
  return outcomeOf(kernel.jpegParse(input, length)) === 'fallback' ? 'jpeg-js' : 'wasm';
}
