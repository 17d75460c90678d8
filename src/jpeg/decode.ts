// JPEG bytes in linear memory -> 8-bit grey plane in linear memory.
import { decode as jpegJs } from 'jpeg-js';
import { CorruptJpegError, FrameError, LimitExceededError } from '../core/errors';
import { checkJpegJsMemory } from './jpeg-js-memory';
import type { JpegHeader } from './header';
import type { Kernel } from '../wasm/instance';
import { standardHuffmanDht, withHuffmanTables } from './standard-huffman';
import { decodeGreyWasm } from './decode-wasm';

export interface GreyPlane {
  /** Pointer to width*height bytes in the kernel's memory. */
  plane: number;
  width: number;
  height: number;
}

/** Memory limits handed to the decoder, derived from the frame limits. */
export interface DecodeLimits {
  maxPixels: number;
}

/** JPEG bytes in kernel memory -> grey plane: the WebAssembly decoder for baseline files, jpeg-js for the rest. */
export function decodeGrey(kernel: Kernel, input: number, length: number, header: JpegHeader, limits: DecodeLimits): GreyPlane {
  const image = decodeGreyWasm(kernel, input, length);
  return image === 'fallback' ? decodeWithJpegJs(kernel, input, length, header, limits) : image;
}

/** Decodes with jpeg-js (progressive, CMYK, YCCK, RGB...), then converts to grey in the kernel. */
function decodeWithJpegJs(kernel: Kernel, input: number, length: number, header: JpegHeader, limits: DecodeLimits): GreyPlane {
  // Before any allocation: jpeg-js holds ~400 bytes per 8x8 block, far more than its own cap counts.
  checkJpegJsMemory(header);
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
