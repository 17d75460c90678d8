// The plain TypeScript reference for grey, blur and Sobel, and for the fast path (the blur on a
// grid k times coarser, then cubic interpolation back to full size before the Sobel operator). It
// defines the exact arithmetic the WebAssembly kernel must reproduce byte for byte; it is written
// for clarity, not speed.
import { blurRadius, gaussianWeights } from './blur-weights';
import { CUBIC_BITS, cubicTap, cubicWeights, reducedBlurWeights, type ReductionKind } from './fast-weights';
import { reducedSize } from './reduction';

/** A width x height 8-bit plane, row-major. */
export interface Plane {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Rec. 709 luma of interleaved RGB, each pixel rounded to the nearest integer (16-bit fixed point). */
export function referenceGrey(rgb: Uint8Array, width: number, height: number): Plane {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]];
    data[i] = Math.floor((13933 * r + 46871 * g + 4732 * b) / 65536 + 0.5);
  }
  return { width, height, data };
}

/**
 * Separable Gaussian blur: a vertical pass to 1/128 grey levels, then a horizontal pass rounded to
 * whole levels. Near a border the window is clipped and divided by the weights that remain.
 */
export function referenceBlur(grey: Plane, sigma: number): Plane {
  const radius = blurRadius(sigma, Math.max(grey.width, grey.height) - 1);
  const vertical = verticalPass({ ...grey, bits: 0 }, gaussianWeights(sigma, radius));
  const data = horizontalPass(vertical, (sum, weight) => Math.floor((sum + weight * 64) / (weight * 128)));
  return { width: grey.width, height: grey.height, data: Uint8Array.from(data) };
}

/** A plane of grey levels in fixed point: `data` holds level x 2^bits (bits 4: 1/16ths, 0..4080), row-major. */
export interface FixedPlane {
  width: number;
  height: number;
  bits: number;
  data: ArrayLike<number>;
}

/** The same blur with any symmetric Q14 `weights` (offsets -r..r) of a plane of up to 7 bits, its horizontal pass rounded to 1/128 levels instead of whole ones. */
export function referenceFineBlur(plane: FixedPlane, weights: Int32Array): FixedPlane {
  const data = horizontalPass(verticalPass(plane, weights), (sum, weight) => Math.floor((sum + Math.floor(weight / 2)) / weight));
  return { width: plane.width, height: plane.height, bits: 7, data: Int32Array.from(data) };
}

/** The vertical pass: each sample's clipped window, to 1/128 levels, rounded. */
function verticalPass(plane: FixedPlane, weights: Int32Array) {
  const { width, height } = plane;
  const radius = (weights.length - 1) / 2;
  const scale = 2 ** (7 - plane.bits);
  const data = new Array<number>(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const { sum, weight } = window(y, height, radius, weights, (yy) => plane.data[yy * width + x]);
      data[y * width + x] = Math.floor((sum * scale + Math.floor(weight / 2)) / weight);
    }
  }
  return { width, height, data, weights };
}

/** The horizontal pass over the vertical pass's 1/128 levels; `finish` turns a window's sum and weight into the output sample. */
function horizontalPass(vertical: ReturnType<typeof verticalPass>, finish: (sum: number, weight: number) => number): number[] {
  const { width, height, data, weights } = vertical;
  const radius = (weights.length - 1) / 2;
  const out = new Array<number>(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const { sum, weight } = window(x, width, radius, weights, (xx) => data[y * width + xx]);
      out[y * width + x] = finish(sum, weight);
    }
  }
  return out;
}

/** Weighted sum of sample(i + d) for the offsets d that stay inside 0..size-1, and the weight used. */
function window(i: number, size: number, radius: number, weights: Int32Array, sample: (j: number) => number) {
  let sum = 0;
  let weight = 0;
  for (let d = -radius; d <= radius; d++) {
    if (i + d < 0 || i + d >= size) continue;
    sum += weights[d + radius] * sample(i + d);
    weight += weights[d + radius];
  }
  return { sum, weight };
}

/** 3x3 Sobel over the valid region: sqrt(gx^2 + gy^2) truncated and clamped to 255; (w-2) x (h-2). */
export function referenceSobel(grey: Plane): Plane {
  const { width, height } = grey;
  const p = (x: number, y: number) => grey.data[y * width + x];
  const out = new Uint8Array((width - 2) * (height - 2));
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const gx = p(x + 1, y - 1) + 2 * p(x + 1, y) + p(x + 1, y + 1) - (p(x - 1, y - 1) + 2 * p(x - 1, y) + p(x - 1, y + 1));
      const gy = p(x - 1, y + 1) + 2 * p(x, y + 1) + p(x + 1, y + 1) - (p(x - 1, y - 1) + 2 * p(x, y - 1) + p(x + 1, y - 1));
      out[(y - 1) * (width - 2) + (x - 1)] = Math.min(255, Math.floor(Math.sqrt(gx * gx + gy * gy)));
    }
  }
  return { width: width - 2, height: height - 2, data: out };
}

/** The whole kernel: grey, blur, Sobel. */
export function referenceEdges(rgb: Uint8Array, width: number, height: number, sigma: number): Plane {
  return referenceSobel(referenceBlur(referenceGrey(rgb, width, height), sigma));
}

/** Each k x k cell's mean in 1/16 levels, rounded: the grid k times coarser, its last row and column of cells partial (the mean of the pixels there). */
export function referenceReduce(grey: Plane, k: number): FixedPlane {
  const width = reducedSize(grey.width, k);
  const height = reducedSize(grey.height, k);
  const data = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let [sum, count] = [0, 0];
      for (let yy = k * y; yy < Math.min(k * y + k, grey.height); yy++) {
        for (let xx = k * x; xx < Math.min(k * x + k, grey.width); xx++) [sum, count] = [sum + grey.data[yy * grey.width + xx], count + 1];
      }
      data[y * width + x] = Math.floor((16 * sum + Math.floor(count / 2)) / count);
    }
  }
  return { width, height, bits: 4, data };
}

/**
 * The width x height plane that a plane of 1/128 levels on the grid k times coarser stands for:
 * Keys' cubic across (to 1/128 levels, rounded), then down (to whole levels, rounded, clamped to
 * 0..255); taps beyond the grid take its edge sample.
 */
export function referenceUpsample(fine: FixedPlane, k: number, width: number, height: number): Plane {
  const weights = cubicWeights(k);
  const half = 1 << (CUBIC_BITS - 1);
  const interpolate = (n: number, size: number, sample: (i: number) => number) => {
    const { first, phase } = cubicTap(n, k);
    let sum = 0;
    for (let tap = 0; tap < 4; tap++) sum += weights[4 * phase + tap] * sample(Math.min(size - 1, Math.max(0, first + tap)));
    return sum;
  };
  const across = Array.from({ length: fine.height }, (_, i) =>
    Array.from({ length: width }, (_, x) => Math.floor((interpolate(x, fine.width, (j) => fine.data[i * fine.width + j]) + half) / (1 << CUBIC_BITS))),
  );
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = interpolate(y, fine.height, (i) => across[i][x]);
      data[y * width + x] = Math.min(255, Math.max(0, Math.floor((sum + half * 128) / (128 << CUBIC_BITS))));
    }
  }
  return { width, height, data };
}

/** The fast path from the grid k times coarser (1/16 levels, k >= 2, made by `reduction`) to the width x height frame's edges: blur there, interpolate, Sobel. */
export function referenceFastEdges(reduced: FixedPlane, k: number, reduction: ReductionKind, sigma: number, width: number, height: number): Plane {
  const weights = reducedBlurWeights(sigma, k, reduction, Math.max(width, height) - 1);
  return referenceSobel(referenceUpsample(referenceFineBlur(reduced, weights), k, width, height));
}
