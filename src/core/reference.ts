// The plain TypeScript reference for grey, blur and Sobel. It defines the exact arithmetic the
// WebAssembly kernel must reproduce byte for byte; it is written for clarity, not speed.
import { blurRadius, gaussianWeights } from './blur-weights';

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
  const { width, height } = grey;
  const radius = blurRadius(sigma, Math.max(width, height) - 1);
  const weights = gaussianWeights(sigma, radius);
  const at = (x: number, y: number) => grey.data[y * width + x];
  const vertical = new Array<number>(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const { sum, weight } = window(y, height, radius, weights, (yy) => at(x, yy));
      vertical[y * width + x] = Math.floor((sum * 128 + Math.floor(weight / 2)) / weight);
    }
  }
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const { sum, weight } = window(x, width, radius, weights, (xx) => vertical[y * width + xx]);
      data[y * width + x] = Math.floor((sum + weight * 64) / (weight * 128));
    }
  }
  return { width, height, data };
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
