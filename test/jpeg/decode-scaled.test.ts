// The WebAssembly decoder at 1/2, 1/4 and 1/8 scale (the fast path's decode): T.81's inverse DCT
// of each block's lowest coefficients at the cells' centres, in 1/16 levels; colour at the
// reduced size; the same result codes as at full size. On the release and the debug build.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { JpegDecodeCode } from '../../src/jpeg/decode-codes';
import { decodeReducedWasm } from '../../src/jpeg/decode-wasm';
import { referenceReduce } from '../../src/core/reference';
import type { Kernel } from '../../src/wasm/instance';
import { WASM_BUILDS } from '../support/builds';
import { coefficientJpeg, scaledIdctReference } from '../support/coefficient-jpeg';
import { seededRandom } from '../support/images';
import { firstSegment, patched } from '../support/jpeg-segments';
import { decoded, decoderFixture as fixture, DECODER_FIXTURES } from '../support/wasm-decoding';

const SCALES = [2, 4, 8];
const BASELINE = readdirSync(DECODER_FIXTURES).filter((f) => f.endsWith('.jpg') && !/^(fallback|unsupported)-/.test(f));

/** The decoder's grid at 1/k, in 1/16 levels. */
function scaled(kernel: Kernel, bytes: Uint8Array, k: number): { width: number; height: number; data: Uint16Array } {
  kernel.reset();
  const reduced = decodeReducedWasm(kernel, kernel.copyIn(bytes), bytes.length, k, { minSide: 1 });
  assert.notEqual(reduced, 'fallback');
  if (reduced === 'fallback') throw new Error('unreachable');
  return { width: reduced.width, height: reduced.height, data: new Uint16Array(kernel.copyOut(reduced.plane, 2 * reduced.width * reduced.height).buffer) };
}

/** Blocks of seeded coefficients: flat blocks, low frequencies only, and the whole spectrum. */
function randomBlocks(count: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, b) => {
    const block = new Array(64).fill(0);
    block[0] = Math.round((random() * 2 - 1) * 900);
    const reach = b % 3 === 0 ? 0 : b % 3 === 1 ? 3 : 8;
    for (let v = 0; v < reach; v++) for (let u = 0; u < reach; u++) if ((u || v) && random() < 0.6) block[v * 8 + u] = Math.round((random() * 2 - 1) * (300 / (1 + u + v)));
    return block;
  });
}

/** A photo-like image made of flat 16x16 tiles of seeded colours: every block of every component holds only its DC. */
async function tiledJpeg(width: number, height: number, subsampling: '4:2:0' | '4:4:4'): Promise<Uint8Array> {
  const random = seededRandom(width * height);
  const colours = Array.from({ length: Math.ceil(width / 16) * Math.ceil(height / 16) }, () => [random(), random(), random()].map((v) => Math.floor(v * 256)));
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgb.set(colours[Math.floor(y / 16) * Math.ceil(width / 16) + Math.floor(x / 16)], 3 * (y * width + x));
  return new Uint8Array(await sharp(rgb, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90, chromaSubsampling: subsampling }).toBuffer());
}

for (const build of WASM_BUILDS) {
  describe(`WebAssembly JPEG decoder at a reduced scale (${build.name} build)`, () => {
    for (const [width, height] of [[64, 48], [37, 21], [8, 8], [3, 3], [61, 1]]) {
      it(`${width}x${height} grey: T.81's IDCT of each block's lowest n x n coefficients, within 1/16 level, at 1/2, 1/4, 1/8`, () => {
        const blocks = randomBlocks(Math.ceil(width / 8) * Math.ceil(height / 8), width * 31 + height);
        const jpeg = coefficientJpeg(width, height, blocks);
        for (const k of SCALES) {
          const actual = scaled(build.kernel(), jpeg, k);
          const expected = scaledIdctReference(width, height, blocks, k);
          assert.deepEqual([actual.width, actual.height], [Math.ceil(width / k), Math.ceil(height / k)]);
          actual.data.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) <= 1, `1/${k}: sample ${i} is ${value}, T.81 gives ${expected[i]}`));
        }
      });
    }

    for (const subsampling of ['4:2:0', '4:4:4'] as const) {
      it(`flat ${subsampling} colour blocks: each cell exactly the full-size decode's grey (times 16), at every scale`, async () => {
        const jpeg = await tiledJpeg(96, 64, subsampling);
        const full = decoded(build.kernel(), jpeg);
        for (const k of SCALES) {
          const cells = referenceReduce(full, k);
          assert.deepEqual(Array.from(scaled(build.kernel(), jpeg, k).data), Array.from(cells.data), `1/${k}`);
        }
      });
    }

    // The photographs (not the colour cube's saturated edges, the luma-subsampled layout whose luma
    // is coarser than a cell, nor the images smaller than a block, whose DC includes the padding).
    for (const name of BASELINE.filter((f) => /^(photo-4|grey)/.test(f))) {
      it(`${name}: near the full-size decode's cell means at every scale (the same image, less of its detail)`, () => {
        const full = decoded(build.kernel(), fixture(name));
        for (const k of SCALES) {
          const actual = scaled(build.kernel(), fixture(name), k);
          const means = referenceReduce(full, k).data;
          let sum = 0;
          actual.data.forEach((value, i) => (sum += Math.abs(value - means[i]) / 16));
          // 1/8 keeps only the DC: the cell's mean before clamping. 1/2 and 1/4 drop the detail finer than a cell.
          const limit = k === 8 ? 1 : 4;
          assert.ok(sum / actual.data.length < limit, `${name} at 1/${k}: mean difference ${(sum / actual.data.length).toFixed(2)} levels`);
        }
      });
    }

    it('gives identical grids with and without restart markers', () => {
      for (const k of SCALES) assert.deepEqual(scaled(build.kernel(), fixture('photo-420-restart-mcu.jpg'), k), scaled(build.kernel(), fixture('photo-420.jpg'), k), `1/${k}`);
    });

    it('gives the same result codes as at full size for damaged data, and reads nothing past the input', () => {
      const kernel = build.kernel();
      const photo = fixture('photo-420.jpg');
      const scan = firstSegment(photo, 0xda).at;
      const random = seededRandom(5);
      for (let trial = 0; trial < 60; trial++) {
        const bytes = trial % 2 === 0 ? photo.subarray(0, scan + 20 + Math.floor(random() * (photo.length - scan - 20))) : patched(photo, scan + 20 + Math.floor(random() * 2000), Math.floor(random() * 256));
        const code = (k: number) => {
          kernel.reset();
          const input = kernel.alloc(bytes.length);
          kernel.view(input, bytes.length).set(bytes);
          if (kernel.jpegParse(input, bytes.length) !== 0) return 'parse';
          const { width, height } = kernel.jpegFrame();
          const dst = kernel.alloc(2 * Math.ceil(width / k) * Math.ceil(height / k) + width * height);
          return kernel.jpegDecodeGrey(kernel.alloc(kernel.jpegScratchBytes(k)), dst, k);
        };
        const atFull = code(1);
        for (const k of SCALES) assert.equal(code(k), atFull, `trial ${trial} at 1/${k}`);
      }
    });

    it('needs less scratch at a reduced scale, and refuses a scale it does not decode', () => {
      const kernel = build.kernel();
      const photo = fixture('photo-420.jpg');
      const bytes = patched(photo, firstSegment(photo, 0xc0).at + 5, 4320 >> 8, 4320 & 255, 7680 >> 8, 7680 & 255);
      kernel.reset();
      assert.equal(kernel.jpegParse(kernel.copyIn(bytes), bytes.length), JpegDecodeCode.OK);
      const scratch = SCALES.map((k) => kernel.jpegScratchBytes(k));
      assert.ok(scratch.every((bytes) => bytes < kernel.jpegScratchBytes(1)), scratch.join(' '));
      for (const k of [0, 3, 16]) assert.equal(kernel.jpegScratchBytes(k), JpegDecodeCode.BAD_SCALE);
      assert.equal(kernel.jpegDecodeGrey(kernel.alloc(16), kernel.alloc(16), 3), JpegDecodeCode.BAD_SCALE);
    });
  });
}

describe('decoder fixtures at a reduced scale', () => {
  it('every baseline fixture is decoded at every scale (none left to jpeg-js)', () => {
    assert.ok(BASELINE.length > 15);
    for (const name of BASELINE) assert.ok(readFileSync(join(DECODER_FIXTURES, name)).length > 0);
  });
});
