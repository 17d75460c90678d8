// The fast path's two filters, shared by the WebAssembly kernel's caller and the TypeScript
// reference: the cubic interpolation from the reduced grid to full size, and the reduced blur,
// whose weights are fitted so that the whole reduced path (the decoder's k x k average, the
// blur, the interpolation) has the exact path's frequency response below the reduced grid's
// Nyquist frequency.
import { blurRadius, gaussianWeights, WEIGHT_BITS } from './blur-weights';

/** Bits of the interpolation weights: Keys' cubic at the offsets of k <= 8 is exact in 1/8192ths. */
export const CUBIC_BITS = 13;

/** Keys' cubic convolution kernel with a = -1/2 (Catmull-Rom): interpolating, exact for quadratics. see: Keys, IEEE Trans. ASSP 29(6), 1981. */
export function keysCubic(x: number): number {
  const a = Math.abs(x);
  if (a <= 1) return 1.5 * a ** 3 - 2.5 * a ** 2 + 1;
  if (a < 2) return -0.5 * a ** 3 + 2.5 * a ** 2 - 4 * a + 2;
  return 0;
}

/**
 * Where full-size pixel `n` samples the grid k times coarser, whose sample i is the mean of
 * pixels k*i .. k*i+k-1 (centred on k*i + (k-1)/2): at r = (n + 1/2)/k - 1/2. Its four taps are
 * floor(r) - 1 .. floor(r) + 2 (before clamping to the grid), and its phase is n mod k.
 */
export function cubicTap(n: number, k: number): { first: number; phase: number } {
  const phase = n % k;
  return { first: Math.floor((n - phase) / k) - (2 * phase + 1 < k ? 2 : 1), phase };
}

/** The fractional offset t of phase `phase` (0..k-1) from its second tap: r - floor(r). */
export function cubicOffset(phase: number, k: number): number {
  const t = (2 * phase + 1 - k) / (2 * k);
  return t < 0 ? t + 1 : t;
}

/** Q13 weights of the four taps of each phase, k x 4: every phase's four sum to exactly 8192. */
export function cubicWeights(k: number): Int32Array {
  const weights = new Int32Array(4 * k);
  for (let phase = 0; phase < k; phase++) {
    const t = cubicOffset(phase, k);
    for (let tap = 0; tap < 4; tap++) weights[4 * phase + tap] = Math.round(keysCubic(tap - 1 - t) * (1 << CUBIC_BITS));
  }
  return weights;
}

/**
 * How the frame reached the grid k times coarser: the WebAssembly decoder's scaled IDCT (the
 * block's lowest n x n coefficients, an ideal low-pass within the block, flat below the grid's
 * Nyquist frequency; at 1/8 only the DC, the mean), or the mean of each cell (frames decoded at
 * full size).
 */
export type ReductionKind = 'scaled-idct' | 'cell-mean';

/**
 * Q14 weights (offsets -R..R, positive, summing to 16384) of the blur on the grid k times
 * coarser that stands in for the exact path's Gaussian of `sigma` on a frame whose longer side is
 * maxRadius + 1 pixels. The exact path's kernel T (gaussianWeights, r = ceil(2 sigma - 1/2), at
 * most maxRadius, as the exact path caps it) has response H_T(v); the decoder's k-pixel mean
 * H_box(v) and the interpolation H_cubic(f) are known; the reduced kernel's response must be
 * D(f) = H_T(f/k) / (H_box(f/k) H_cubic(f)) for f in 0..1/2 cycles per reduced pixel. Its weights
 * are D's cosine series cut at R = ceil(r/k) + 1 (the least-squares fit on a uniform grid of
 * frequencies), and cut again before the first weight that is not positive; the centre weight
 * absorbs the rounding to 1/16384ths, so the weights sum to exactly 1 as the exact path's do.
 */
export function reducedBlurWeights(sigma: number, k: number, reduction: ReductionKind, maxRadius: number): Int32Array {
  const key = `${sigma}/${k}/${reduction}/${maxRadius}`;
  let weights = designed.get(key);
  if (!weights) {
    if (designed.size >= DESIGNS_KEPT) designed.delete(designed.keys().next().value!);
    designed.set(key, (weights = designWeights(sigma, k, reduction, maxRadius)));
  }
  return weights;
}

/** Designs are kept for the last few (sigma, k) pairs: a video's frames all share one. */
const DESIGNS_KEPT = 8;
const designed = new Map<string, Int32Array>();

function designWeights(sigma: number, k: number, reduction: ReductionKind, maxRadius: number): Int32Array {
  const radius = blurRadius(sigma, maxRadius);
  const exact = Array.from(gaussianWeights(sigma, radius).subarray(radius), (w) => w / (1 << WEIGHT_BITS));
  const cubic = Array.from(cubicWeights(k), (w) => w / (1 << CUBIC_BITS));
  const response = (f: number) => {
    const wanted = cosineSeries(exact, (2 * Math.PI * f) / k);
    let box = 0;
    for (let j = 0; j < k; j++) box += Math.cos(2 * Math.PI * (f / k) * (j - (k - 1) / 2)) / k;
    if (reduction === 'scaled-idct' && k < 8) box = 1;
    let interpolation = 0;
    for (let phase = 0; phase < k; phase++) {
      const t = cubicOffset(phase, k);
      for (let tap = 0; tap < 4; tap++) interpolation += (cubic[4 * phase + tap] * Math.cos(2 * Math.PI * f * (tap - 1 - t))) / k;
    }
    return wanted / (box * interpolation);
  };
  const reach = Math.ceil(radius / k) + 1;
  const samples = 16 * (reach + 1);
  const target = Array.from({ length: samples }, (_, i) => response((i + 0.5) / (2 * samples)));
  const one = 1 << WEIGHT_BITS;
  const tail: number[] = [];
  for (let d = 1; d <= reach; d++) {
    const fixed = Math.round((cosineProjection(target, (Math.PI * d) / samples) / samples) * one);
    if (fixed <= 0) break;
    tail.push(fixed);
  }
  const weights = new Int32Array(2 * tail.length + 1);
  const centre = tail.length;
  tail.forEach((w, i) => {
    weights[centre + 1 + i] = w;
    weights[centre - 1 - i] = w;
  });
  weights[centre] = one - 2 * tail.reduce((a, b) => a + b, 0);
  return weights;
}

/** c[0] + 2 sum over d >= 1 of c[d] cos(d theta): a symmetric kernel's response (cos(d theta) by the Chebyshev recurrence). */
function cosineSeries(c: number[], theta: number): number {
  const step = 2 * Math.cos(theta);
  let previous = 1;
  let current = Math.cos(theta);
  let sum = c[0];
  for (let d = 1; d < c.length; d++) {
    sum += 2 * c[d] * current;
    const next = step * current - previous;
    previous = current;
    current = next;
  }
  return sum;
}

/** Sum over i of values[i] cos((i + 1/2) phi): one coefficient of the cosine series on the half-sample grid. */
function cosineProjection(values: number[], phi: number): number {
  const step = 2 * Math.cos(phi);
  let previous = Math.cos(-phi / 2);
  let current = Math.cos(phi / 2);
  let sum = 0;
  for (const value of values) {
    sum += value * current;
    const next = step * current - previous;
    previous = current;
    current = next;
  }
  return sum;
}
