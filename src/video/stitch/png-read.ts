// Reads back the PNG edge maps frame-processor writes (src/core/png.ts): 8-bit greyscale,
// non-interlaced. Every filter type is undone (ours writes "Up" only; a PNG re-saved by another
// tool may use any), the CRCs are checked, and anything else is refused with the reason.
// The inflate is fflate's, as in the writer. Unfiltering is one subtraction per byte; at 1080p
// it is a few milliseconds, small against the H.264 encode of the same frame.
// see: https://www.w3.org/TR/png-3/ (5.3 chunk layout, 11.2.2 IHDR, 7.3 and 9 filtering)
import { crc32 } from 'node:zlib';
import { unzlibSync } from 'fflate';
import { EdgeMapError } from '../errors';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface GreyImage {
  plane: Uint8Array;
  width: number;
  height: number;
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((value, i) => bytes[i] === value);
}

/** Width and height from the IHDR chunk, without inflating anything. */
export function pngSize(bytes: Uint8Array, source: string): { width: number; height: number } {
  const header = readHeader(bytes, source);
  return { width: header.width, height: header.height };
}

/** Decodes an 8-bit greyscale PNG to a width x height plane. */
export function readGreyPng(bytes: Uint8Array, source: string): GreyImage {
  const { width, height } = readHeader(bytes, source);
  const compressed: Uint8Array[] = [];
  for (const chunk of chunks(bytes, source)) if (chunk.type === 'IDAT') compressed.push(chunk.data);
  const filtered = new Uint8Array((width + 1) * height);
  let inflated: Uint8Array;
  try {
    inflated = unzlibSync(Buffer.concat(compressed), { out: filtered });
  } catch (error) {
    throw new EdgeMapError(`its image data does not inflate (${(error as Error).message})`, source);
  }
  if (inflated.length !== filtered.length) throw new EdgeMapError(`its image data is ${inflated.length} bytes, ${width}x${height} needs ${filtered.length}`, source);
  return { plane: unfilter(inflated, width, height, source), width, height };
}

function readHeader(bytes: Uint8Array, source: string): { width: number; height: number } {
  if (!isPng(bytes)) throw new EdgeMapError('not a PNG (no signature)', source);
  const first = chunks(bytes, source).next().value;
  if (!first || first.type !== 'IHDR' || first.data.length !== 13) throw new EdgeMapError('no IHDR chunk first', source);
  const view = new DataView(first.data.buffer, first.data.byteOffset, 13);
  const width = view.getUint32(0);
  const height = view.getUint32(4);
  const [depth, colour, compression, filter, interlace] = first.data.subarray(8, 13);
  if (width < 1 || height < 1) throw new EdgeMapError(`size ${width}x${height} is empty`, source);
  if (depth !== 8 || colour !== 0) throw new EdgeMapError(`bit depth ${depth}, colour type ${colour}: only 8-bit greyscale (colour type 0) edge maps are read`, source);
  if (compression !== 0 || filter !== 0 || interlace !== 0) throw new EdgeMapError(`compression ${compression}, filter method ${filter}, interlace ${interlace}: only 0, 0, 0 are read`, source);
  return { width, height };
}

function* chunks(bytes: Uint8Array, source: string): Generator<{ type: string; data: Uint8Array }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let at = 8; ; ) {
    if (at + 12 > bytes.length) throw new EdgeMapError(`truncated at byte ${at}: no IEND chunk`, source);
    const length = view.getUint32(at);
    if (at + 12 + length > bytes.length) throw new EdgeMapError(`chunk at byte ${at} runs past the end`, source);
    const type = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1');
    const data = bytes.subarray(at + 8, at + 8 + length);
    if ((crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0) !== view.getUint32(at + 8 + length)) throw new EdgeMapError(`chunk ${type} at byte ${at} fails its CRC`, source);
    if (type === 'IEND') return;
    yield { type, data };
    at += 12 + length;
  }
}

/** Undoes the per-row filters in place order (each row needs the row above, already undone). */
function unfilter(filtered: Uint8Array, width: number, height: number, source: string): Uint8Array {
  const plane = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const type = filtered[y * (width + 1)];
    const input = filtered.subarray(y * (width + 1) + 1, (y + 1) * (width + 1));
    const row = y * width;
    const up = (x: number) => (y > 0 ? plane[row - width + x] : 0);
    const left = (x: number) => (x > 0 ? plane[row + x - 1] : 0);
    const upLeft = (x: number) => (x > 0 && y > 0 ? plane[row - width + x - 1] : 0);
    switch (type) {
      case 0: plane.set(input, row); break;
      case 1: for (let x = 0; x < width; x++) plane[row + x] = input[x] + left(x); break;
      case 2:
        if (y === 0) plane.set(input, row);
        else for (let x = 0, above = row - width; x < width; x++) plane[row + x] = input[x] + plane[above + x];
        break;
      case 3: for (let x = 0; x < width; x++) plane[row + x] = input[x] + ((left(x) + up(x)) >> 1); break;
      case 4: for (let x = 0; x < width; x++) plane[row + x] = input[x] + paeth(left(x), up(x), upLeft(x)); break;
      default: throw new EdgeMapError(`row ${y} has filter type ${type} (0..4 exist)`, source);
    }
  }
  return plane;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
