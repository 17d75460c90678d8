// The fallback decoder: jpeg-js for the codings the WebAssembly decoder leaves to it
// (progressive, CMYK, YCCK, RGB, one scan per component...), then grey in the kernel.
import { decode as jpegJs } from 'jpeg-js';
import { CorruptJpegError, FrameError, LimitExceededError } from '../core/errors';
import type { Kernel } from '../wasm/instance';
import type { DecodeLimits, GreyPlane } from './decode';
import type { JpegHeader } from './header';
import { checkJpegJsMemory } from './jpeg-js-memory';
import { standardHuffmanDht, withHuffmanTables } from './standard-huffman';

/** Decodes the JPEG at input[0..length) in kernel memory with jpeg-js, then converts it to grey in the kernel. */
export function decodeGreyJpegJs(kernel: Kernel, input: number, length: number, header: JpegHeader, limits: DecodeLimits): GreyPlane {
  // Before any allocation: jpeg-js holds ~400 bytes per 8x8 block, far more than its own cap counts.
  checkJpegJsMemory(header, limits.maxJpegJsBytes);
  // A Motion-JPEG frame (no DHT) left to jpeg-js still needs the standard tables of T.81 K.3.
  // (Fetched before the view: it may allocate, and growing memory invalidates views.)
  const dht = header.needsStandardHuffmanTables ? standardHuffmanDht(kernel) : undefined;
  const view = kernel.view(input, length);
  const rgb = jpegJsDecode(dht ? withHuffmanTables(view, dht) : view, header, limits);
  const pixels = rgb.width * rgb.height;
  const rgbPtr = kernel.copyIn(rgb.data);
  const plane = kernel.alloc(pixels);
  kernel.greyFromRgb(rgbPtr, plane, pixels);
  return { plane, width: rgb.width, height: rgb.height };
}

function jpegJsDecode(bytes: Uint8Array, header: JpegHeader, limits: DecodeLimits) {
  const megapixels = limits.maxPixels / 1e6;
  try {
    return jpegJs(bytes, {
      formatAsRGBA: false,
      useTArray: true,
      // jpeg-js decodes every 3-component file as YCbCr unless told it holds RGB.
      colorTransform: header.storesRgb ? false : undefined,
      maxResolutionInMP: megapixels,
      // Component planes, output and headroom: about 8 bytes per pixel at the pixel limit.
      maxMemoryUsageInMB: Math.ceil(megapixels * 8) + 64,
    });
  } catch (error) {
    if (error instanceof FrameError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/limit exceeded/.test(message)) throw new LimitExceededError(`decoder memory limit: ${message}`);
    throw new CorruptJpegError(`could not decode the JPEG data (${message})`);
  }
}
