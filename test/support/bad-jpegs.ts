// Builds every bad-input class of issue 4 in memory from a few valid JPEGs, deterministically.
// Each function returns new bytes and never changes its argument.
import { encodeGreyPng } from '../../src/core/png';
import { concat, flatProgressiveJpeg, manyScansJpeg, segment } from './jpeg-writer';
import { seededRandom } from './images';
import { makeJpeg } from './jpegs';

export interface Segment {
  /** The marker's second byte (0xD8 SOI, 0xC0 SOF0, 0xDA SOS...). */
  marker: number;
  /** Offset of the 0xFF that starts the marker. */
  at: number;
  /** Offset just past the segment; for SOS, past its entropy-coded data too. */
  end: number;
}

/** The markers of a well-formed JPEG in order, SOI to EOI (what comes after EOI is left out). */
export function segmentsOf(jpeg: Uint8Array): Segment[] {
  const out: Segment[] = [{ marker: 0xd8, at: 0, end: 2 }];
  for (let at = 2; at + 1 < jpeg.length; ) {
    const marker = jpeg[at + 1];
    if (marker === 0xd9) return [...out, { marker, at, end: at + 2 }];
    let end = at + 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
    if (marker === 0xda) end = endOfEntropyData(jpeg, end);
    out.push({ marker, at, end });
    at = end;
  }
  throw new Error('segmentsOf: no EOI (not a well-formed JPEG)');
}

function endOfEntropyData(jpeg: Uint8Array, from: number): number {
  for (let at = from; at + 1 < jpeg.length; at++) {
    if (jpeg[at] === 0xff && jpeg[at + 1] !== 0 && (jpeg[at + 1] < 0xd0 || jpeg[at + 1] > 0xd7)) return at;
  }
  return jpeg.length;
}

/** Offset of the first segment with `marker`. */
export function offsetOf(jpeg: Uint8Array, marker: number): number {
  const found = segmentsOf(jpeg).find((s) => s.marker === marker);
  if (!found) throw new Error(`no 0xFF${marker.toString(16)} segment`);
  return found.at;
}

/** The first frame header (SOF0/1/2) segment's offset. */
export function sofOffset(jpeg: Uint8Array): number {
  const found = segmentsOf(jpeg).find((s) => s.marker >= 0xc0 && s.marker <= 0xc2);
  if (!found) throw new Error('no SOF0/1/2');
  return found.at;
}

/** A copy with `edit` applied. */
export function edited(jpeg: Uint8Array, edit: (copy: Uint8Array) => void): Uint8Array {
  const copy = Uint8Array.from(jpeg);
  edit(copy);
  return copy;
}

/** A copy with `inserted` placed at `at`. */
export function inserted(jpeg: Uint8Array, at: number, bytes: Uint8Array): Uint8Array {
  return concat([jpeg.subarray(0, at), bytes, jpeg.subarray(at)]);
}

// --- Not a JPEG -------------------------------------------------------------------------------

export const notJpegs = {
  empty: () => new Uint8Array(0),
  text: () => new TextEncoder().encode('frame 0001: camera offline\n'),
  /** A real PNG (an 8x8 grey ramp), as found in a bucket under a .jpg name. */
  png: () => encodeGreyPng(Uint8Array.from({ length: 64 }, (_, i) => i * 4), 8, 8),
  soiEoi: () => Uint8Array.of(0xff, 0xd8, 0xff, 0xd9),
};

// --- Broken JPEG ------------------------------------------------------------------------------

export function truncated(jpeg: Uint8Array, fraction: number): Uint8Array {
  return jpeg.slice(0, Math.floor(jpeg.length * fraction));
}

/** An APP1 segment right after SOI whose length field claims more bytes than the file has. */
export function appLengthPastEnd(jpeg: Uint8Array): Uint8Array {
  return inserted(jpeg, 2, Uint8Array.of(0xff, 0xe1, 0xff, 0xf0, 0x45, 0x78, 0x69, 0x66, 0, 0));
}

export function sofDimensions(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const at = sofOffset(jpeg);
  return edited(jpeg, (j) => j.set([height >> 8, height & 255, width >> 8, width & 255], at + 5));
}

/** `count` single-bit flips at seeded positions inside the first scan's entropy-coded data. */
export function flippedHuffmanBits(jpeg: Uint8Array, seed: number, count: number): Uint8Array {
  const scan = segmentsOf(jpeg).find((s) => s.marker === 0xda)!;
  const dataStart = scan.at + 2 + ((jpeg[scan.at + 2] << 8) | jpeg[scan.at + 3]);
  const random = seededRandom(seed);
  return edited(jpeg, (j) => {
    for (let i = 0; i < count; i++) {
      const at = dataStart + Math.floor(random() * (scan.end - dataStart));
      // Never make or break a 0xFF: that would be a marker edit, not a Huffman-data edit.
      const flipped = j[at] ^ (1 << Math.floor(random() * 8));
      if (j[at] !== 0xff && flipped !== 0xff && j[at - 1] !== 0xff) j[at] = flipped;
    }
  });
}

/** The frame without its DHT segments, as Motion-JPEG (AVI1) cameras send frames. */
export function withoutDht(jpeg: Uint8Array): Uint8Array {
  return concat(segmentsOf(jpeg).filter((s) => s.marker !== 0xc4).map((s) => jpeg.subarray(s.at, s.end)));
}

// --- Unsupported coding ------------------------------------------------------------------------

export function sofMarker(jpeg: Uint8Array, marker: number): Uint8Array {
  const at = sofOffset(jpeg);
  return edited(jpeg, (j) => (j[at + 1] = marker));
}

export function precision(jpeg: Uint8Array, bits: number): Uint8Array {
  const at = sofOffset(jpeg);
  return edited(jpeg, (j) => (j[at + 4] = bits));
}

// --- Decompression bombs ------------------------------------------------------------------------

/** A ~700-byte baseline JPEG whose frame header claims 9999x9999 (jpeg-js alone allocates 1.2 GB). */
export function bomb9999(): Uint8Array {
  return sofDimensions(makeJpeg(16, 8, 3, 50), 9999, 9999);
}

/** A valid black 20000x20000 progressive JPEG of ~780 KB. */
export function black20000(): Uint8Array {
  return flatProgressiveJpeg({ width: 20000, height: 20000 });
}

/** A valid progressive JPEG with 2090 scans: small, yet decoding visits every block 2090 times. */
export function manyScans(width = 1024, height = 1024): Uint8Array {
  return manyScansJpeg({ width, height, components: 3 });
}

// --- Must process correctly ---------------------------------------------------------------------

/** The same image with every DQT table rewritten with 16-bit entries (Pq = 1). */
export function sixteenBitQuantTables(jpeg: Uint8Array): Uint8Array {
  const parts = segmentsOf(jpeg).map((s) => {
    if (s.marker !== 0xdb) return jpeg.subarray(s.at, s.end);
    const tables: number[] = [];
    for (let i = s.at + 4; i < s.end; i += 65) {
      if (jpeg[i] >> 4 !== 0) throw new Error('sixteenBitQuantTables: expects 8-bit tables');
      tables.push(0x10 | (jpeg[i] & 15), ...Array.from(jpeg.subarray(i + 1, i + 65)).flatMap((q) => [0, q]));
    }
    return segment(0xdb, tables);
  });
  return concat(parts);
}

export function garbageAfterEoi(jpeg: Uint8Array, bytes = 4096, seed = 9): Uint8Array {
  const random = seededRandom(seed);
  return concat([jpeg, Uint8Array.from({ length: bytes }, () => Math.floor(random() * 256))]);
}

/** `count` maximum-size (65533-byte payload) COM and APP segments after SOI. */
export function hugeMetadata(jpeg: Uint8Array, count: number): Uint8Array {
  const big = (marker: number, fill: number) => segment(marker, new Uint8Array(65533).fill(fill));
  const segments = Array.from({ length: count }, (_, i) => big(i % 2 ? 0xfe : 0xe2 + (i % 12), 0x20 + (i % 64)));
  return inserted(jpeg, 2, concat(segments));
}

/** An EXIF APP1 (big-endian TIFF, one IFD0 entry) with Orientation = `orientation` (1..8). */
export function withExifOrientation(jpeg: Uint8Array, orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  return inserted(jpeg, 2, segment(0xe1, [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff]));
}

/** A 3-component baseline JPEG from jpeg-js (4:4:4, standard Huffman tables). */
export const validJpeg = makeJpeg;
