// The WebAssembly kernel (grey, blur, Sobel) against the plain TypeScript reference, byte for byte,
// on both the release build and the debug build (assertions on).
import assert from 'node:assert/strict';
import { referenceBlur, referenceEdges, referenceGrey, referenceSobel } from '../../src/core/reference';
import { WASM_BUILDS } from '../support/builds';
import { noiseRgb, rgbFromGrey, seededRandom, smoothRgb, toRows } from '../support/images';
import { kernelBlur, kernelEdges, kernelGrey } from '../support/kernel-run';

/** sigma that gives the wanted window radius r = ceil(2 sigma - 0.5). */
const sigmaForRadius = (r: number) => (r + 0.5) / 2 - 0.01;

for (const build of WASM_BUILDS) {
  describe(`kernel (${build.name} build)`, () => {
    describe('literal images with hand-checked values', () => {
      it('converts pure colours with the Rec. 709 weights, rounded', () => {
        const rgb = Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 128, 128, 128);
        const grey = kernelGrey(build.kernel(), rgb, 6, 1);
        // 0.2126 * 255 = 54.2, 0.7152 * 255 = 182.4, 0.0722 * 255 = 18.4
        assert.deepEqual(Array.from(grey.data), [54, 182, 18, 255, 0, 128]);
      });

      it('gives 255 for a full-height vertical step in a 3x3 image (gx = 1020, clamped)', () => {
        const rgb = rgbFromGrey([[0, 0, 255], [0, 0, 255], [0, 0, 255]]);
        assert.deepEqual(Array.from(kernelEdges(build.kernel(), rgb, 3, 3, 0).data), [255]);
      });

      it('truncates the magnitude: gx = gy = 12 gives sqrt(288) = 16.97 -> 16', () => {
        const rgb = rgbFromGrey([[0, 0, 0], [0, 0, 0], [0, 0, 12]]);
        assert.deepEqual(Array.from(kernelEdges(build.kernel(), rgb, 3, 3, 0).data), [16]);
      });

      it('keeps a constant 4x4 image constant through the blur, so its edges are zero', () => {
        const grey = { width: 4, height: 4, data: new Uint8Array(16).fill(77) };
        assert.deepEqual(Array.from(kernelBlur(build.kernel(), grey, 3).data), new Array(16).fill(77));
        const edges = kernelEdges(build.kernel(), rgbFromGrey(toRows(grey.data, 4)), 4, 4, 3);
        assert.deepEqual(Array.from(edges.data), [0, 0, 0, 0]);
      });

      it('blurs a 3x3 impulse with sigma 0.5 (weights 1745, 12894, 1745) and clipped borders', () => {
        const grey = { width: 3, height: 3, data: Uint8Array.of(0, 0, 0, 0, 255, 0, 0, 0, 0) };
        // corner: 255 * (1745/14639)^2 = 3.6; edge: 255 * (1745/14639) * (12894/16384) = 23.9;
        // centre: 255 * (12894/16384)^2 = 157.9
        assert.deepEqual(toRows(kernelBlur(build.kernel(), grey, 0.5).data, 3), [[4, 24, 4], [24, 158, 24], [4, 24, 4]]);
      });

      it('gives 80 everywhere for a 5x7 horizontal ramp of 10 per pixel without blur (gx = 4 * 20)', () => {
        const rows = Array.from({ length: 7 }, () => [0, 10, 20, 30, 40]);
        const edges = kernelEdges(build.kernel(), rgbFromGrey(rows), 5, 7, 0);
        assert.deepEqual(toRows(edges.data, 3), new Array(5).fill([80, 80, 80]));
      });

      it('maps a blurred 5x7 impulse to its ring of edges', () => {
        const rows = Array.from({ length: 7 }, (_, y) => [0, 0, y === 3 ? 200 : 0, 0, 0]);
        const edges = kernelEdges(build.kernel(), rgbFromGrey(rows), 5, 7, 0.5);
        // blurred: rows 2..4 are [0,2,17,2,0], [0,17,124,17,0], [0,2,17,2,0]
        assert.deepEqual(toRows(edges.data, 3), [[27, 38, 27], [223, 255, 223], [255, 0, 255], [223, 255, 223], [27, 38, 27]]);
      });
    });

    describe('equals the reference byte for byte', () => {
      it('for every size from 3x3 to 40x40 (seeded noise, radius 0..size)', function () {
        this.timeout(300_000);
        const random = seededRandom(20261126);
        for (let height = 3; height <= 40; height++) {
          for (let width = 3; width <= 40; width++) {
            const rgb = noiseRgb(width, height, width * 1000 + height);
            const sigma = sigmaForRadius(Math.floor(random() * (Math.max(width, height) + 2)));
            assertSame(kernelEdges(build.kernel(), rgb, width, height, sigma), referenceEdges(rgb, width, height, sigma), `${width}x${height} sigma ${sigma}`);
          }
        }
      });

      for (const [name, image] of [['noise', noiseRgb], ['smooth', smoothRgb]] as const) {
        for (const sigma of [0, 4.57, 0.6, 1.3, 300]) {
          it(`on a seeded ${name} 203x117 image at sigma ${sigma}`, () => {
            const rgb = image(203, 117, 7);
            assertSame(kernelEdges(build.kernel(), rgb, 203, 117, sigma), referenceEdges(rgb, 203, 117, sigma), `${name} sigma ${sigma}`);
          });
        }
      }

      it('stage by stage: grey, blur and Sobel each match', () => {
        const rgb = smoothRgb(97, 61, 3);
        const grey = referenceGrey(rgb, 97, 61);
        assertSame(kernelGrey(build.kernel(), rgb, 97, 61), grey, 'grey');
        const blurred = referenceBlur(grey, 2.2);
        assertSame(kernelBlur(build.kernel(), grey, 2.2), blurred, 'blur');
        assertSame(kernelEdges(build.kernel(), rgb, 97, 61, 2.2), referenceSobel(blurred), 'sobel');
      });
    });
  });
}

function assertSame(actual: { width: number; height: number; data: Uint8Array }, expected: typeof actual, what: string): void {
  assert.equal(actual.width, expected.width, `${what}: width`);
  assert.equal(actual.height, expected.height, `${what}: height`);
  const first = actual.data.findIndex((v, i) => v !== expected.data[i]);
  if (first >= 0) {
    const [x, y] = [first % actual.width, Math.floor(first / actual.width)];
    assert.fail(`${what}: first difference at (${x}, ${y}): kernel ${actual.data[first]}, reference ${expected.data[first]}`);
  }
}
