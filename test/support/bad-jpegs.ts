// Builds every class of bad input the product must refuse or survive in memory, from a few valid
// JPEGs, deterministically. Each function returns new bytes and never changes its argument.
import { encodeGreyPng } from '../../src/core/png';
import { seededRandom } from './images';
import { edited, inserted, scanData, segmentsOf, sofOffset, withoutSegments } from './jpeg-segments';
import { concat, flatProgressiveJpeg, manyScansJpeg, segment } from './jpeg-writer';
import { makeJpeg } from './jpegs';

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
  const data = scanData(jpeg);
  const random = seededRandom(seed);
  return edited(jpeg, (j) => {
    for (let i = 0; i < count; i++) {
      const at = data.start + Math.floor(random() * (data.end - data.start));
      // Never make or break a 0xFF: that would be a marker edit, not a Huffman-data edit.
      const flipped = j[at] ^ (1 << Math.floor(random() * 8));
      if (j[at] !== 0xff && flipped !== 0xff && j[at - 1] !== 0xff) j[at] = flipped;
    }
  });
}

/** The frame without its DHT segments, as Motion-JPEG (AVI1) cameras send frames. */
export function withoutDht(jpeg: Uint8Array): Uint8Array {
  return withoutSegments(jpeg, 0xc4);
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
