// Running the WebAssembly JPEG decoder in tests: decoded grey images to compare with references
// (jpeg-js, libjpeg-turbo), and the raw result codes with the input placed at the very end of
// linear memory, so a read past the input traps.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decode as jpegJsDecode } from 'jpeg-js';
import { decodeGreyWasm } from '../../src/jpeg/decode-wasm';
import type { Kernel } from '../../src/wasm/instance';

export const DECODER_FIXTURES = join(__dirname, '..', 'fixtures', 'decoder');
export const decoderFixture = (name: string) => new Uint8Array(readFileSync(join(DECODER_FIXTURES, name)));

export interface Grey {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The Rec.709 formula of assembly/grey.ts, in TypeScript. */
const luma = (r: number, g: number, b: number) => (r * 13933 + g * 46871 + b * 4732 + 32768) >> 16;

/** jpeg-js's pixels turned grey with the same formula. */
export function jpegJsGrey(bytes: Uint8Array): Grey {
  const image = jpegJsDecode(bytes, { formatAsRGBA: false, useTArray: true });
  const pixels = image.width * image.height;
  const data = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) data[i] = luma(image.data[3 * i], image.data[3 * i + 1], image.data[3 * i + 2]);
  return { width: image.width, height: image.height, data };
}

/** A committed libjpeg-turbo reference (binary PGM, gzip). */
export function djpegGrey(name: string): Grey {
  const pgm = gunzipSync(readFileSync(join(DECODER_FIXTURES, name)));
  const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 32))!.map(Number);
  return { width, height, data: new Uint8Array(pgm.subarray(pgm.length - width * height)) };
}

/** Decodes through decodeGreyWasm; any size accepted unless options say otherwise. */
export function wasmGrey(kernel: Kernel, bytes: Uint8Array, options = { minSide: 1 }): Grey | 'fallback' {
  kernel.reset();
  const input = kernel.copyIn(bytes);
  const result = decodeGreyWasm(kernel, input, bytes.length, options);
  if (result === 'fallback') return result;
  return { width: result.width, height: result.height, data: kernel.copyOut(result.plane, result.width * result.height) };
}

/** The decoded image of a file the WebAssembly decoder takes (it must not fall back). */
export function decoded(kernel: Kernel, bytes: Uint8Array): Grey {
  const result = wasmGrey(kernel, bytes);
  assert.notEqual(result, 'fallback');
  return result as Grey;
}

export function difference(a: Grey, b: Grey): { max: number; mean: number } {
  assert.equal(a.width, b.width);
  assert.equal(a.height, b.height);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.data.length };
}

/**
 * Parse and decode codes with the input's last byte at the very end of linear memory, so any
 * read past the input traps (and fails the test as a KernelTrapError).
 */
export function codesAtMemoryEnd(kernel: Kernel, bytes: Uint8Array, maxPixels = 1 << 22): { parse: number; decode?: number } {
  const place = () => {
    const ptr = kernel.alloc(bytes.length);
    const at = kernel.memoryBytes - bytes.length;
    assert.ok(at >= ptr);
    kernel.view(at, bytes.length).set(bytes);
    return at;
  };
  kernel.reset();
  const parse = kernel.jpegParse(place(), bytes.length);
  const { width, height } = kernel.jpegFrame();
  if (parse !== 0 || width * height > maxPixels) return { parse };
  kernel.reset();
  const dst = kernel.alloc(width * height);
  const scratch = kernel.alloc(kernel.jpegScratchBytes());
  assert.equal(kernel.jpegParse(place(), bytes.length), 0);
  return { parse, decode: kernel.jpegDecodeGrey(scratch, dst) };
}

/** The first code that is not OK, or OK. */
export const resultCode = (codes: { parse: number; decode?: number }) => (codes.parse !== 0 ? codes.parse : codes.decode ?? 0);
