// Baseline JPEG -> 8-bit Rec.709 grey plane with the WebAssembly decoder (assembly/jpeg-decode),
// straight from the bytes already in linear memory. Codings it leaves to jpeg-js come back as
// 'fallback'; everything else it cannot decode becomes a typed error.
import { CorruptJpegError, ImageTooSmallError, LimitExceededError, NotAJpegError, UnsupportedJpegError } from '../core/errors';
import { outcomeOf, reasonOf } from './decode-codes';
import type { Kernel } from '../wasm/instance';
import type { GreyPlane } from './decode';

export interface WasmDecodeOptions {
  /** Refuse frames with more pixels than this before allocating (default: no limit). */
  maxPixels?: number;
  /** Smallest width and height accepted (default 3, what the 3x3 Sobel needs). */
  minSide?: number;
}

/** Decodes the JPEG at input[0..length) in the kernel's memory; 'fallback' for codings left to jpeg-js. */
export function decodeGreyWasm(kernel: Kernel, input: number, length: number, options: WasmDecodeOptions = {}): GreyPlane | 'fallback' {
  const parsed = kernel.jpegParse(input, length);
  if (outcomeOf(parsed) === 'fallback') return 'fallback';
  if (parsed !== 0) throw errorFor(parsed);
  const { width, height } = kernel.jpegFrame();
  const minSide = options.minSide ?? 3;
  if (width < minSide || height < minSide) throw new ImageTooSmallError(`image is ${width}x${height}, smaller than ${minSide}x${minSide}`);
  if (options.maxPixels !== undefined && width * height > options.maxPixels) {
    throw new LimitExceededError(`image is ${width}x${height} (${width * height} pixels), over the limit of ${options.maxPixels}`);
  }
  const plane = kernel.alloc(width * height);
  const scratch = kernel.alloc(kernel.jpegScratchBytes());
  const decoded = kernel.jpegDecodeGrey(scratch, plane);
  if (decoded !== 0) throw errorFor(decoded);
  return { plane, width, height };
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
