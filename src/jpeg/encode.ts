// Greyscale (1-component) baseline JPEG of a plane already in kernel memory. jpeg-js writes
// only 3-component files, so the encoder is the kernel's own (assembly/jpeg-encode/).
// The kernel returns negative codes, never traps on bad arguments; they become typed errors here.
import { FrameError, JpegDimensionsError, JpegEncodeError, JpegOutputOverflowError, JpegQualityError, LimitExceededError } from '../core/errors';
import type { Kernel } from '../wasm/instance';
import { JpegEncodeCode } from './encode-codes';

/**
 * Encodes the width x height u8 plane at `plane` (stride = width) as a baseline greyscale JFIF
 * at quality 1..100 and returns the file's bytes (one copy out of kernel memory).
 * Allocates the worst-case output size from the kernel's arena.
 */
export function encodeGreyJpeg(kernel: Kernel, plane: number, width: number, height: number, quality: number): Uint8Array {
  return writeGreyJpeg(kernel, width, height, quality, (dst, capacity) => kernel.encodeGreyJpeg(plane, width, height, quality, dst, capacity));
}

/**
 * A width x height greyscale JPEG at quality 1..100 that `write` codes into dst[0..capacity) of
 * kernel memory (returning the bytes written or a negative code): checks the arguments, allocates
 * the worst-case output size from the kernel's arena, turns codes into typed errors, copies the file out.
 */
export function writeGreyJpeg(kernel: Kernel, width: number, height: number, quality: number, write: (dst: number, capacity: number) => number): Uint8Array {
  // WebAssembly would truncate fractions silently, so only integers go to the kernel.
  if (!Number.isInteger(quality)) throw encodeError(JpegEncodeCode.BAD_QUALITY, width, height, quality);
  if (!Number.isInteger(width) || !Number.isInteger(height)) {
    throw encodeError(JpegEncodeCode.BAD_DIMENSIONS, width, height, quality);
  }
  const capacity = kernel.greyJpegBound(width, height);
  if (capacity < 0) throw encodeError(capacity, width, height, quality);
  const dst = kernel.alloc(capacity);
  const written = write(dst, capacity);
  if (written < 0) throw encodeError(written, width, height, quality);
  return kernel.copyOut(dst, written);
}

/** The typed error for one of the kernel's negative codes. */
function encodeError(code: number, width: number, height: number, quality: number): FrameError {
  const codes = JpegEncodeCode;
  switch (code) {
    case codes.BAD_QUALITY:
      return new JpegQualityError(`JPEG quality ${quality} is not an integer in 1..100`);
    case codes.BAD_DIMENSIONS:
      return new JpegDimensionsError(`a ${width}x${height} image cannot be a JPEG: width and height must be integers in 1..65535`);
    case codes.IMAGE_TOO_LARGE:
      return new LimitExceededError(`a ${width}x${height} image is too large to encode: its worst-case JPEG size is over 2 GiB`);
    case codes.DST_TOO_SMALL:
      return new JpegOutputOverflowError(`the ${width}x${height} JPEG did not fit its worst-case buffer (encoder bug)`);
    default:
      return new JpegEncodeError(`the JPEG encoder returned the unknown code ${code}`);
  }
}
