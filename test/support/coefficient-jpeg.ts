// Greyscale baseline JPEGs written from chosen DCT coefficients, and what T.81's inverse DCT makes
// of them at a reduced scale: for testing the decoder's scaled IDCTs against the formula itself.
// The quantisation table is all ones (a coefficient is its own value); the Huffman tables are
// made for the writer: every DC category in 4 bits, every AC run/size symbol in 8 bits.
// see: ITU-T T.81 A.3.3 (IDCT), F.1.2 (baseline coding), C (Huffman table specification).
import { BitWriter, concat, segment } from './jpeg-writer';

/** Natural index (row * 8 + column) of the k-th coefficient in zigzag order (T.81 Figure A.6). */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50,
  43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/** AC symbols: EOB, ZRL and every run (0..15) / size (1..10), in the order their 8-bit codes count. */
const acSymbols = (() => {
  const symbols = [0x00, 0xf0];
  for (let run = 0; run < 16; run++) for (let size = 1; size <= 10; size++) symbols.push((run << 4) | size);
  return symbols;
})();

function category(value: number): number {
  return value === 0 ? 0 : 32 - Math.clz32(Math.abs(value));
}

function writeValue(bits: BitWriter, value: number, size: number): void {
  if (size > 0) bits.write(value < 0 ? value + (1 << size) - 1 : value, size);
}

/**
 * A width x height greyscale baseline JPEG whose blocks (raster order, ceil(w/8) x ceil(h/8) of
 * them) have the given coefficients: 64 integers each, natural order, DC unshifted (-1024..1016
 * with the level shift: a flat block of level L has DC 8 (L - 128)).
 */
export function coefficientJpeg(width: number, height: number, blocks: ArrayLike<number>[]): Uint8Array {
  const dht = [
    segment(0xc4, [0x00, 0, 0, 0, 12, ...new Array(12).fill(0), ...Array.from({ length: 12 }, (_, i) => i)]),
    segment(0xc4, [0x10, 0, 0, 0, 0, 0, 0, 0, acSymbols.length, ...new Array(8).fill(0), ...acSymbols]),
  ];
  const bits = new BitWriter();
  let previous = 0;
  for (const block of blocks) {
    const diff = block[0] - previous;
    previous = block[0];
    bits.write(category(diff), 4);
    writeValue(bits, diff, category(diff));
    let run = 0;
    for (let k = 1; k < 64; k++) {
      const value = block[ZIGZAG[k]];
      if (value === 0) {
        run++;
        continue;
      }
      for (; run > 15; run -= 16) bits.write(acSymbols.indexOf(0xf0), 8);
      bits.write(acSymbols.indexOf((run << 4) | category(value)), 8);
      writeValue(bits, value, category(value));
      run = 0;
    }
    if (run > 0) bits.write(acSymbols.indexOf(0x00), 8);
  }
  return concat([
    Uint8Array.of(0xff, 0xd8),
    segment(0xdb, [0, ...new Array(64).fill(1)]),
    segment(0xc0, [8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]),
    ...dht,
    segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    bits.finish(),
    Uint8Array.of(0xff, 0xd9),
  ]);
}

/**
 * The ceil(w/k) x ceil(h/k) grid, in 1/16 levels, that the inverse DCT of T.81 A.3.3 gives at
 * 1/k (k = 1, 2, 4, 8): each block's n x n lowest coefficients (n = 8/k) sampled at the centres
 * of its n x n cells, plus the level shift, times 16, rounded and clamped to 0..4080. A block
 * with nothing but its DC is flat, at the whole level the full-size decode gives it.
 */
export function scaledIdctReference(width: number, height: number, blocks: ArrayLike<number>[], k: number): Int32Array {
  const n = 8 / k;
  const across = Math.ceil(width / 8);
  const [outWidth, outHeight] = [Math.ceil(width / k), Math.ceil(height / k)];
  const out = new Int32Array(outWidth * outHeight);
  const c = (u: number) => (u === 0 ? Math.SQRT1_2 : 1);
  blocks.forEach((block, b) => {
    const dcOnly = Array.from(block).every((value, i) => i === 0 || value === 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const [y, x] = [Math.floor(b / across) * n + i, (b % across) * n + j];
        if (y >= outHeight || x >= outWidth) continue;
        let level = block[0] / 8 + 128;
        if (dcOnly) level = Math.floor(level + 0.5);
        else {
          level = 128;
          for (let v = 0; v < n; v++) {
            for (let u = 0; u < n; u++) level += ((c(u) * c(v)) / 4) * block[v * 8 + u] * Math.cos(((2 * i + 1) * v * Math.PI) / (2 * n)) * Math.cos(((2 * j + 1) * u * Math.PI) / (2 * n));
          }
        }
        out[y * outWidth + x] = Math.min(4080, Math.max(0, Math.floor(16 * level + 0.5)));
      }
    }
  });
  return out;
}
