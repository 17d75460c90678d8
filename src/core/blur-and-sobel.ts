// Blur and Sobel of a grey plane inside the kernel's memory.
import type { GreyPlane } from '../jpeg/decode';
import { blurRadius, gaussianWeights } from './blur-weights';
import type { Kernel } from '../wasm/instance';

/** Blurs `grey` in place with the Gaussian of `sigma` (no-op when the radius is 0). */
export function blurInKernel(kernel: Kernel, grey: GreyPlane, sigma: number): void {
  const { plane, width, height } = grey;
  const radius = blurRadius(sigma, Math.max(width, height) - 1);
  if (radius === 0) return;
  const weights = gaussianWeights(sigma, radius);
  const weightsPtr = kernel.copyIn(new Uint8Array(weights.buffer));
  const tmp = kernel.alloc(width * height * 2);
  kernel.gaussianBlur(plane, plane, tmp, width, height, weightsPtr, radius);
}

/** Blurs `grey` in place, then returns the pointer of its (w-2) x (h-2) Sobel map. */
export function edgesInKernel(kernel: Kernel, grey: GreyPlane, sigma: number): number {
  blurInKernel(kernel, grey, sigma);
  const edges = kernel.alloc((grey.width - 2) * (grey.height - 2));
  kernel.sobel(grey.plane, edges, grey.width, grey.height);
  return edges;
}
