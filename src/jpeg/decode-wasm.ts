// Baseline JPEG -> 8-bit Rec.709 grey plane with the WebAssembly decoder (assembly/jpeg-decode),
// straight from the bytes already in linear memory, or (the fast path) its grid k times coarser.
// Codings it leaves to jpeg-js come back as 'fallback'; everything else it cannot decode becomes
// a typed error.
import { CorruptJpegError, ImageTooSmallError, LimitExceededError, NotAJpegError, UnsupportedJpegError } from '../core/errors';
import { outcomeOf, reasonOf } from './decode-codes';
import type { Kernel } from '../wasm/instance';
import type { ReducedPlane } from '../core/fast-path';
import { reducedSize } from '../core/reduction';
import type { GreyPlane } from './decode';

export interface WasmDecodeOptions {
  /** Refuse frames with more pixels than this before allocating (default: no limit). */
  maxPixels?: number;
  /** Smallest width and height accepted (default 3, what the 3x3 Sobel needs). */
  minSide?: number;
}

/** Decodes the JPEG at input[0..length) in the kernel's memory; 'fallback' for codings left to jpeg-js. */
export function decodeGreyWasm(kernel: Kernel, input: number, length: number, options: WasmDecodeOptions = {}): GreyPlane | 'fallback' {
  const frame = parseFrame(kernel, input, length, options);
  if (frame === 'fallback') return frame;
  const { width, height } = frame;
  const plane = kernel.alloc(width * height);
  decodeInto(kernel, plane, 1);
  return { plane, width, height };
}

/**
 * Decodes the JPEG at input[0..length) at 1/k (k = 2, 4 or 8) with the decoder's scaled IDCT:
 * the grid of ceil(w/k) x ceil(h/k) samples in 1/16 grey levels; 'fallback' as decodeGreyWasm.
 */
export function decodeReducedWasm(kernel: Kernel, input: number, length: number, k: number, options: WasmDecodeOptions = {}): ReducedPlane | 'fallback' {
  const frame = parseFrame(kernel, input, length, options);
  if (frame === 'fallback') return frame;
  const width = reducedSize(frame.width, k);
  const height = reducedSize(frame.height, k);
  const plane = kernel.alloc(width * height * 2);
  decodeInto(kernel, plane, k);
  return { plane, width, height, k, reduction: 'scaled-idct' };
}

/** Parses the headers and checks the size before any pixel memory. */
function parseFrame(kernel: Kernel, input: number, length: number, options: WasmDecodeOptions): { width: number; height: number } | 'fallback' {
  const parsed = kernel.jpegParse(input, length);
  if (outcomeOf(parsed) === 'fallback') return 'fallback';
  if (parsed !== 0) throw errorFor(parsed);
  const { width, height } = kernel.jpegFrame();
  const minSide = options.minSide ?? 3;
  if (width < minSide || height < minSide) throw new ImageTooSmallError(`image is ${width}x${height}, smaller than ${minSide}x${minSide}`);
  if (options.maxPixels !== undefined && width * height > options.maxPixels) {
    throw new LimitExceededError(`image is ${width}x${height} (${width * height} pixels), over the limit of ${options.maxPixels}`);
  }
  return { width, height };
}

function decodeInto(kernel: Kernel, plane: number, scale: number): void {
  const scratch = kernel.alloc(kernel.jpegScratchBytes(scale));
  const decoded = kernel.jpegDecodeGrey(scratch, plane, scale);
  if (decoded !== 0) throw errorFor(decoded);
}

/** The typed error for a decoder code; a plain Error for codes that mean a bug in the caller. */
export function errorFor(code: number): Error {
  const reason = reasonOf(code);
  switch (outcomeOf(code)) {
    case 'not-a-jpeg':
      return new NotAJpegError(reason);
    case 'corrupt':
      return new CorruptJpegError(reason);
    case 'unsupported':
      return new UnsupportedJpegError(reason);
    default:
      return new Error(`WebAssembly JPEG decoder: ${reason} (code ${code})`);
  }
}
