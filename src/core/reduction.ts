// The fast path's grid. After a Gaussian of sigma s nothing much is left above about 1/(2 pi s)
// cycles per pixel, so the decode and the blur can run on a grid k times coarser, and only the
// upsampling and the Sobel operator at full size. k depends on sigma alone, so the output depends
// only on the frame and the settings. The rule and the interpolation were chosen by measuring
// against the exact path (docs/fast-path.md).

/** How the blur is computed: `exact` at full size; `fast` on the reduced grid where sigma allows. */
export type BlurMethod = 'exact' | 'fast';
export const BLUR_METHODS: readonly BlurMethod[] = ['exact', 'fast'];

/**
 * Grid reductions the fast path uses: 1 (the exact path), 2 and 4. The decoder also decodes at
 * 1/8 (its DC only, each cell's mean), but that grid measured below 48 dB against the exact path
 * at every sigma tried (up to s/8 = 14): the mean of 8 x 8 pixels lets through what a blur on the
 * coarse grid cannot take out again. docs/fast-path.md has the measurements.
 */
export const REDUCTIONS = [1, 2, 4] as const;
export type Reduction = (typeof REDUCTIONS)[number];

/**
 * The smallest sigma on the reduced grid, in its own pixels. At s/k = 2.03 (2560x1440 at 1/4) one
 * frame measured 48.0 dB against the exact path; from 2.28 up (1920x1080 at 1/2) every frame
 * measured 49.5 dB or more.
 */
export const MIN_REDUCED_SIGMA = 2.25;

/** The largest reduction k with sigma / k >= MIN_REDUCED_SIGMA; 1 (the exact path) when there is none. */
export function reductionFor(sigma: number): Reduction {
  let best: Reduction = 1;
  for (const k of REDUCTIONS) if (sigma / k >= MIN_REDUCED_SIGMA) best = k;
  return best;
}

/** The reduction a frame gets: always 1 for `exact`. */
export function reductionOf(method: BlurMethod, sigma: number): Reduction {
  return method === 'exact' ? 1 : reductionFor(sigma);
}

/** Samples along a side of `size` pixels on the grid k times coarser: every cell of k pixels, the last one partial. */
export function reducedSize(size: number, k: number): number {
  return Math.ceil(size / k);
}
