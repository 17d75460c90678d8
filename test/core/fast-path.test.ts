// The fast path's kernels (cell means, the blur on the coarse grid in 1/16 -> 1/128 levels, the
// cubic interpolation fused with the Sobel operator) against the plain TypeScript reference, byte
// for byte, on the release build and the debug build (assertions on).
import assert from 'node:assert/strict';
import { fastEdgesInKernel, reduceInKernel } from '../../src/core/fast-path';
import { encodeGreyJpeg, writeGreyJpeg } from '../../src/jpeg/encode';
import { JpegEncodeCode } from '../../src/jpeg/encode-codes';
import { cubicWeights } from '../../src/core/fast-weights';
import { referenceFastEdges, referenceFineBlur, referenceReduce, referenceSobel, referenceUpsample, type FixedPlane, type Plane } from '../../src/core/reference';
import type { Kernel } from '../../src/wasm/instance';
import { WASM_BUILDS } from '../support/builds';
import { noisyGrey, seededRandom, smoothGrey, toRows } from '../support/images';

/** Cell means of a u8 plane through the kernel. */
function kernelReduce(kernel: Kernel, grey: Plane, k: number): FixedPlane {
  kernel.reset();
  const plane = kernel.copyIn(grey.data);
  const reduced = reduceInKernel(kernel, { plane, width: grey.width, height: grey.height }, k);
  return { width: reduced.width, height: reduced.height, bits: 4, data: u16(kernel, reduced.plane, reduced.width * reduced.height) };
}

/** The whole fast path from a plane of 1/16 levels on the grid k times coarser. */
function kernelFastEdges(kernel: Kernel, reduced: FixedPlane, k: number, sigma: number, width: number, height: number): Plane {
  kernel.reset();
  const plane = kernel.copyIn(new Uint8Array(Uint16Array.from(reduced.data).buffer));
  const edges = fastEdgesInKernel(kernel, { plane, width: reduced.width, height: reduced.height, k, reduction: 'cell-mean' }, sigma, width, height);
  return { width: width - 2, height: height - 2, data: kernel.copyOut(edges, (width - 2) * (height - 2)) };
}

/** The upsampling, Sobel and encoder in one pass from a plane of 1/128 levels, and encodeGreyJpeg of upsampleSobel's map of the same plane. */
function kernelUpsampleJpeg(kernel: Kernel, fine: FixedPlane, k: number, width: number, height: number, quality: number): { onePass: Uint8Array; separate: Uint8Array } {
  const edges = kernelUpsampleSobel(kernel, fine, k, width, height);
  kernel.reset();
  const separate = encodeGreyJpeg(kernel, kernel.copyIn(edges.data), edges.width, edges.height, quality);
  kernel.reset();
  const src = kernel.copyIn(new Uint8Array(Uint16Array.from(fine.data).buffer));
  const cubic = kernel.copyIn(new Uint8Array(cubicWeights(k).buffer));
  const onePass = writeGreyJpeg(kernel, width - 2, height - 2, quality, (dst, capacity) => kernel.upsampleSobelJpeg(src, fine, k, cubic, width, height, quality, dst, capacity));
  return { onePass, separate };
}

/** The fine blur alone, with any weights. */
function kernelFineBlur(kernel: Kernel, plane: FixedPlane, weights: Int32Array): FixedPlane {
  kernel.reset();
  const src = kernel.copyIn(new Uint8Array(Uint16Array.from(plane.data).buffer));
  const weightsPtr = kernel.copyIn(new Uint8Array(weights.buffer));
  kernel.fineBlur(src, src, kernel.alloc(plane.width * plane.height * 2), plane.width, plane.height, weightsPtr, (weights.length - 1) / 2);
  return { ...plane, bits: 7, data: u16(kernel, src, plane.width * plane.height) };
}

/** Upsampling and Sobel alone, from a plane of 1/128 levels. */
function kernelUpsampleSobel(kernel: Kernel, fine: FixedPlane, k: number, width: number, height: number): Plane {
  kernel.reset();
  const src = kernel.copyIn(new Uint8Array(Uint16Array.from(fine.data).buffer));
  const cubic = kernel.copyIn(new Uint8Array(cubicWeights(k).buffer));
  const edges = kernel.alloc((width - 2) * (height - 2));
  kernel.upsampleSobel(src, fine, k, cubic, edges, width, height);
  return { width: width - 2, height: height - 2, data: kernel.copyOut(edges, (width - 2) * (height - 2)) };
}

/** Asserts two planes are the same size with the same samples, naming the first difference. */
function assertSame(actual: { width: number; height: number; data: ArrayLike<number> }, expected: typeof actual, what: string): void {
  assert.deepEqual([actual.width, actual.height], [expected.width, expected.height], `${what}: size`);
  const first = Array.from(actual.data).findIndex((v, i) => v !== expected.data[i]);
  if (first >= 0) assert.fail(`${what}: first difference at (${first % actual.width}, ${Math.floor(first / actual.width)}): kernel ${actual.data[first]}, reference ${expected.data[first]}`);
}

function u16(kernel: Kernel, ptr: number, count: number): Uint16Array {
  return new Uint16Array(kernel.copyOut(ptr, 2 * count).buffer);
}

/** A plane of 1/128 levels on the grid: random values up to 255 levels, or a seeded smooth field. */
function finePlane(width: number, height: number, seed: number, smooth: boolean): FixedPlane {
  const random = seededRandom(seed);
  const base = smooth ? smoothGrey(width, height, seed) : undefined;
  const data = Int32Array.from({ length: width * height }, (_, i) => (base ? base[i] * 128 + Math.floor(random() * 128) : Math.floor(random() * 32641)));
  return { width, height, bits: 7, data };
}

for (const build of WASM_BUILDS) {
  describe(`fast path kernels (${build.name} build)`, () => {
    describe('literal images with hand-checked values', () => {
      it('takes each cell\'s mean in 1/16 levels, a partial cell the mean of what it has', () => {
        const grey = { width: 3, height: 3, data: Uint8Array.of(0, 1, 10, 2, 3, 20, 30, 40, 255) };
        // (0+1+2+3)/4 = 1.5 -> 24; (10+20)/2 = 15 -> 240; (30+40)/2 = 35 -> 560; 255 -> 4080
        assert.deepEqual(Array.from(kernelReduce(build.kernel(), grey, 2).data), [24, 240, 560, 4080]);
        // 361 / 9 = 40.11 levels -> 641.78 -> 642
        assert.deepEqual(Array.from(kernelReduce(build.kernel(), grey, 4).data), [642]);
      });

      it('keeps a constant plane constant through the blur and the interpolation: no edges', () => {
        const reduced = { width: 7, height: 5, bits: 4, data: new Int32Array(35).fill(77 * 16) };
        for (const k of [2, 4]) assert.ok(kernelFastEdges(build.kernel(), reduced, k, 3 * k, 7 * k - 1, 5 * k - 3).data.every((v) => v === 0));
      });

      it('interpolates a ramp on the grid into a ramp at full size: Sobel 64 for 8 levels per pixel', () => {
        // 16 levels per grid sample at k = 2 are 8 per pixel; gx = 4 x 2 x 8. Keys' cubic is exact
        // for a ramp wherever its four taps lie inside the grid (2 grid samples from each side).
        const fine = { width: 12, height: 6, bits: 7, data: Int32Array.from({ length: 72 }, (_, i) => (40 + 16 * (i % 12)) * 128) };
        const edges = toRows(kernelUpsampleSobel(build.kernel(), fine, 2, 24, 12).data, 22);
        for (const row of edges) assert.deepEqual(row.slice(4, 18), new Array(14).fill(64), row.join(' '));
      });

      it('uses the cubic\'s weights as Keys defines them: k = 2 is (-3, 29, 111, -9) / 128 and back', () => {
        assert.deepEqual(Array.from(cubicWeights(2)), [-192, 1856, 7104, -576, -576, 7104, 1856, -192]);
      });
    });

    describe('equals the reference byte for byte', () => {
      it('cell means for every size from 1x1 to 20x20 at k = 2, 4, 8 (seeded noise)', () => {
        for (let height = 1; height <= 20; height++) {
          for (let width = 1; width <= 20; width++) {
            const grey = { width, height, data: noisyGrey(width, height, width * 100 + height) };
            for (const k of [2, 4, 8]) assertSame(kernelReduce(build.kernel(), grey, k), referenceReduce(grey, k), `${width}x${height} k ${k}`);
          }
        }
      });

      it('the blur of 1/16 levels, with fitted and with random positive weights, every size from 1x1 to 24x24', () => {
        const random = seededRandom(31);
        for (let height = 1; height <= 24; height++) {
          for (let width = 1; width <= 24; width++) {
            const plane = { width, height, bits: 4, data: Int32Array.from({ length: width * height }, () => Math.floor(random() * 4081)) };
            const radius = Math.floor(random() * 12);
            const tail = Array.from({ length: radius }, () => 1 + Math.floor(random() * (8192 / (radius + 1))));
            const weights = Int32Array.from([...[...tail].reverse(), 16384 - 2 * tail.reduce((a, b) => a + b, 0), ...tail]);
            assertSame(kernelFineBlur(build.kernel(), plane, weights), referenceFineBlur(plane, weights), `${width}x${height} radius ${radius}`);
          }
        }
      });

      it('interpolation and Sobel for every grid from 1x1 to 12x12 at k = 2, 4, 8, sizes not multiples of k or 8', function () {
        this.timeout(300_000);
        const random = seededRandom(47);
        for (let rows = 1; rows <= 12; rows++) {
          for (let columns = 1; columns <= 12; columns++) {
            for (const k of [2, 4, 8]) {
              const fine = finePlane(columns, rows, rows * 31 + columns, random() < 0.5);
              const width = Math.max(3, columns * k - Math.floor(random() * k));
              const height = Math.max(3, rows * k - Math.floor(random() * k));
              const expected = referenceSobel(referenceUpsample(fine, k, width, height));
              assertSame(kernelUpsampleSobel(build.kernel(), fine, k, width, height), expected, `${columns}x${rows} grid, k ${k}, ${width}x${height}`);
            }
          }
        }
      });

      it('codes the edge map to JPEG 8 rows at a time as made: the same bytes as encoding the whole map, sizes 3x3 to 99x99', function () {
        this.timeout(300_000);
        const random = seededRandom(61);
        for (let trial = 0; trial < 120; trial++) {
          const k = [2, 4, 8][trial % 3];
          const width = 3 + Math.floor(random() * 97);
          const height = 3 + Math.floor(random() * 97);
          const fine = finePlane(Math.ceil(width / k), Math.ceil(height / k), trial, random() < 0.5);
          const quality = [1, 50, 75, 90, 100][trial % 5];
          const { onePass, separate } = kernelUpsampleJpeg(build.kernel(), fine, k, width, height, quality);
          assert.ok(Buffer.from(onePass).equals(separate), `${width}x${height} at k ${k}, quality ${quality}`);
        }
      });

      it('refuses to code past its output buffer: DST_TOO_SMALL, as the whole-map encoder', () => {
        const kernel = build.kernel();
        kernel.reset();
        const fine = finePlane(40, 30, 5, false);
        const src = kernel.copyIn(new Uint8Array(Uint16Array.from(fine.data).buffer));
        const cubic = kernel.copyIn(new Uint8Array(cubicWeights(2).buffer));
        const dst = kernel.alloc(2000);
        assert.equal(kernel.upsampleSobelJpeg(src, fine, 2, cubic, 80, 60, 100, dst, 2000), JpegEncodeCode.DST_TOO_SMALL);
        assert.equal(kernel.upsampleSobelJpeg(src, fine, 2, cubic, 80, 60, 0, dst, 2000), JpegEncodeCode.BAD_QUALITY);
      });

      it('the whole fast path on seeded noise and smooth planes, sigmas from the smallest fast one to past the frame', function () {
        this.timeout(300_000);
        const random = seededRandom(59);
        for (const [width, height] of [[3, 3], [9, 5], [61, 33], [203, 117], [257, 145], [640, 9]]) {
          for (const k of [2, 4]) {
            for (const sigma of [2.25 * k, 3.7 * k, 40 * k]) {
              const grey = { width, height, data: random() < 0.5 ? noisyGrey(width, height, width + height) : smoothGrey(width, height, width * height) };
              const reduced = referenceReduce(grey, k);
              const expected = referenceFastEdges(reduced, k, 'cell-mean', sigma, width, height);
              assertSame(kernelFastEdges(build.kernel(), reduced, k, sigma, width, height), expected, `${width}x${height} k ${k} sigma ${sigma}`);
            }
          }
        }
      });
    });
  });
}
