// Lossless 8-bit greyscale PNG writer. The deflate is fflate's (plain JavaScript), not node:zlib's:
// zlib's output differs between builds (Debian's system zlib, the Chromium zlib in the official
// Node builds, their SIMD paths), while fflate's is the same on every runtime and CPU, so one
// frame gives one PNG everywhere (x64 tests, arm64 Lambda). The CRC is a pure function: node:zlib's.
// see: https://www.w3.org/TR/png-3/ (chunk layout, colour type 0, filter method 0)
import { crc32 } from 'node:zlib';

type PngDeflate = typeof import('./png-deflate');
let pngDeflate: PngDeflate | undefined;
/** Loaded at the first PNG, not at every cold start (see png-deflate.ts). */
function deflater(): PngDeflate {
  return (pngDeflate ??= require('./png-deflate') as PngDeflate);
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const FILTER_UP = 2;
/** fflate's level 4: about node:zlib level 6's encode time on edge maps, for 4-7 % larger files. */
const DEFLATE_LEVEL = 4;

/** Encodes a width x height 8-bit grey plane (stride = width) as a PNG. */
export function encodeGreyPng(plane: Uint8Array, width: number, height: number): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, greyscale, deflate, filter method 0, no interlace
  const idat = deflater().zlibDeflate(filterRows(plane, width, height), DEFLATE_LEVEL);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** Each row prefixed by its filter type; "Up" suits edge maps, whose rows are alike. */
function filterRows(plane: Uint8Array, width: number, height: number): Buffer {
  const out = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const at = y * (width + 1);
    out[at] = FILTER_UP;
    for (let x = 0; x < width; x++) out[at + 1 + x] = plane[row + x] - (y > 0 ? plane[row - width + x] : 0);
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, tail]);
}
