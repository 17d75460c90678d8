// The fast path's definitions (src/core/reduction.ts, src/core/fast-weights.ts), which the kernel and
// the reference share, so the byte-for-byte tests cannot catch a mistake in them: the grid chosen
// for a sigma, the interpolation's taps and weights, and the fitted blur's response.
import assert from 'node:assert/strict';
import { gaussianWeights, blurRadius, sigmaFor } from '../../src/core/blur-weights';
import { CUBIC_BITS, cubicOffset, cubicTap, cubicWeights, keysCubic, reducedBlurWeights } from '../../src/core/fast-weights';
import { MIN_REDUCED_SIGMA, reducedSize, reductionFor, reductionOf } from '../../src/core/reduction';

/** Response at frequency f (cycles per sample) of a symmetric kernel given as Q-bits integers. */
function response(weights: ArrayLike<number>, f: number, one: number): number {
  const r = (weights.length - 1) / 2;
  let sum = 0;
  for (let d = -r; d <= r; d++) sum += (weights[d + r] / one) * Math.cos(2 * Math.PI * f * d);
  return sum;
}

describe('the fast path\'s grid', () => {
  it('is k = 2 or 4 times coarser where sigma / k >= 2.25, else the exact path (k = 1)', () => {
    assert.equal(MIN_REDUCED_SIGMA, 2.25);
    const cases: Array<[number, number]> = [[0, 1], [2.03, 1], [4.49, 1], [4.5, 2], [4.57, 2], [8.99, 2], [9, 4], [18.28, 4], [109.7, 4], [1e6, 4]];
    for (const [sigma, k] of cases) assert.equal(reductionFor(sigma), k, `sigma ${sigma}`);
    assert.equal(reductionOf('exact', 18.28), 1);
  });

  it('gives the common frame sizes at modifier 8 their grids: 720p exact, 1080p at 1/2, 4K at 1/4', () => {
    assert.equal(reductionFor(sigmaFor(1280, 720, 8)), 1);
    assert.equal(reductionFor(sigmaFor(1920, 1080, 8)), 2);
    assert.equal(reductionFor(sigmaFor(3840, 2160, 8)), 4);
    assert.equal(reductionFor(sigmaFor(7680, 4320, 8)), 4);
  });

  it('has a last, partial cell where a side is not a multiple of k', () => {
    assert.deepEqual([reducedSize(1920, 2), reducedSize(1917, 2), reducedSize(3, 4), reducedSize(1, 4)], [960, 959, 1, 1]);
  });
});

describe('the cubic interpolation', () => {
  it('samples full-size pixel n at (n + 1/2)/k - 1/2 on the grid: taps from floor of that - 1, phase n mod k', () => {
    // k = 2: pixel 0 is at -1/4 (taps -2..1, t = 3/4), pixel 1 at 1/4 (taps -1..2, t = 1/4), pixel 2 at 3/4.
    assert.deepEqual([0, 1, 2, 3].map((n) => cubicTap(n, 2)), [{ first: -2, phase: 0 }, { first: -1, phase: 1 }, { first: -1, phase: 0 }, { first: 0, phase: 1 }]);
    assert.deepEqual([0, 1, 2, 3, 4].map((n) => cubicTap(n, 4)), [{ first: -2, phase: 0 }, { first: -2, phase: 1 }, { first: -1, phase: 2 }, { first: -1, phase: 3 }, { first: -1, phase: 0 }]);
    assert.deepEqual([0, 1, 2, 3].map((p) => cubicOffset(p, 4)), [0.625, 0.875, 0.125, 0.375]);
  });

  it('has Keys\' weights exactly in 1/8192ths, each phase summing to 8192, phases mirrored', () => {
    for (const k of [2, 4, 8]) {
      const weights = cubicWeights(k);
      for (let phase = 0; phase < k; phase++) {
        const taps = Array.from(weights.subarray(4 * phase, 4 * phase + 4));
        const t = cubicOffset(phase, k);
        assert.deepEqual(taps, taps.map((_, tap) => keysCubic(tap - 1 - t) * (1 << CUBIC_BITS)), 'exact: no rounding');
        assert.equal(taps.reduce((a, b) => a + b, 0), 8192);
        assert.deepEqual(taps, Array.from(weights.subarray(4 * (k - 1 - phase), 4 * (k - phase))).reverse());
      }
    }
    assert.deepEqual([0, 0.5, 1, 1.5, 2].map(keysCubic), [1, 0.5625, 0, -0.0625, 0]);
  });
});

describe('the blur on the coarse grid', () => {
  const frames: Array<[number, number, number]> = [[1920, 1080, 2], [1897, 1077, 2], [2703, 1511, 4], [3840, 2160, 4], [7680, 4320, 4]];

  it('has positive, symmetric weights summing to exactly 16384, reaching about r / k', () => {
    for (const [width, height, k] of frames) {
      for (const reduction of ['scaled-idct', 'cell-mean'] as const) {
        const sigma = sigmaFor(width, height, 8);
        const weights = Array.from(reducedBlurWeights(sigma, k, reduction, Math.max(width, height) - 1));
        assert.deepEqual(weights, [...weights].reverse());
        assert.ok(weights.every((w) => w > 0), weights.join(' '));
        assert.equal(weights.reduce((a, b) => a + b, 0), 16384);
        const reach = (weights.length - 1) / 2;
        const radius = blurRadius(sigma, Infinity);
        assert.ok(reach >= Math.floor(radius / k) - 1 && reach <= Math.ceil(radius / k) + 1, `${width}x${height}: reach ${reach} for r ${radius}`);
      }
    }
  });

  it('gives the whole coarse path the exact kernel\'s response below half the grid\'s Nyquist frequency (within 0.01)', () => {
    for (const [width, height, k] of frames) {
      const sigma = sigmaFor(width, height, 8);
      const exact = gaussianWeights(sigma, blurRadius(sigma, Infinity));
      const weights = reducedBlurWeights(sigma, k, 'cell-mean', Math.max(width, height) - 1);
      const cubic = cubicWeights(k);
      for (let f = 0; f <= 0.25; f += 0.01) {
        let box = 0;
        for (let j = 0; j < k; j++) box += Math.cos(2 * Math.PI * (f / k) * (j - (k - 1) / 2)) / k;
        let interpolation = 0;
        for (let phase = 0; phase < k; phase++) {
          for (let tap = 0; tap < 4; tap++) interpolation += (cubic[4 * phase + tap] / 8192) * Math.cos(2 * Math.PI * f * (tap - 1 - cubicOffset(phase, k))) / k;
        }
        const coarse = box * response(weights, f, 16384) * interpolation;
        assert.ok(Math.abs(coarse - response(exact, f / k, 16384)) < 0.01, `${width}x${height} at ${f.toFixed(2)} cycles per grid sample`);
      }
    }
  });

  it('is the same design every time (kept for the last few sigmas, made again the same)', () => {
    const first = Array.from(reducedBlurWeights(4.57, 2, 'scaled-idct', 1919));
    for (let s = 1; s <= 10; s++) reducedBlurWeights(4.57 + s, 2, 'scaled-idct', 1919);
    assert.deepEqual(Array.from(reducedBlurWeights(4.57, 2, 'scaled-idct', 1919)), first);
  });
});
