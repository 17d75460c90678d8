// The blur's definition, shared by the WebAssembly kernel's caller and the TypeScript reference.

/** Divisor in the Rust program's sigma formula: a 1920x1080 frame at modifier 8 gets sigma ~4.57. */
export const SIGMA_PIXEL_DIVISOR = 3_630_000;

/** Bits of the fixed-point weights: a full window sums to exactly 1 << WEIGHT_BITS. */
export const WEIGHT_BITS = 14;

/** sigma = (width * height / 3 630 000) * blurModifier, as the Rust program computed it. */
export function sigmaFor(width: number, height: number, blurModifier: number): number {
  return ((width * height) / SIGMA_PIXEL_DIVISOR) * blurModifier;
}

/**
 * Window radius for sigma: the support is 2 sigma between pixel centres, so r = ceil(2 sigma - 0.5),
 * capped at `maxRadius` (a window wider than the image only ever meets clipped borders).
 */
export function blurRadius(sigma: number, maxRadius: number): number {
  if (!(sigma > 0)) return 0;
  return Math.max(0, Math.min(Math.ceil(2 * sigma - 0.5), maxRadius));
}

/**
 * Fixed-point Gaussian weights for offsets -r..r: exp(-d^2 / (2 sigma^2)) normalised and rounded
 * to WEIGHT_BITS, with the centre weight absorbing the rounding so the full window sums to exactly
 * 1 << WEIGHT_BITS. A radius of 0 gives [1 << WEIGHT_BITS]: no blur.
 */
export function gaussianWeights(sigma: number, radius: number): Int32Array {
  const one = 1 << WEIGHT_BITS;
  const weights = new Int32Array(2 * radius + 1);
  if (radius === 0) {
    weights[0] = one;
    return weights;
  }
  const raw = Array.from(weights, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = raw.reduce((a, b) => a + b, 0);
  let offCentre = 0;
  raw.forEach((w, i) => {
    if (i === radius) return;
    weights[i] = Math.round((w / total) * one);
    offCentre += weights[i];
  });
  weights[radius] = one - offCentre;
  return weights;
}
