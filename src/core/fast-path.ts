// The fast path inside the kernel's memory: from the frame's plane on the grid k times coarser
// (1/16 grey levels) to its full-size edge map, with the filters of src/core/fast-weights.ts.
import type { Kernel } from '../wasm/instance';
import { writeGreyJpeg } from '../jpeg/encode';
import { cubicWeights, reducedBlurWeights, type ReductionKind } from './fast-weights';
import { reducedSize } from './reduction';

/** A plane on the grid k times coarser, in the kernel's memory: u16 samples in 1/16 grey levels (0..4080). */
export interface ReducedPlane {
  plane: number;
  width: number;
  height: number;
  k: number;
  /** How it was made: the decoder's scaled IDCT, or the cells' means of a full-size plane. */
  reduction: ReductionKind;
}

/** Blurs `reduced` in place (to 1/128 levels), then returns the pointer of the width x height frame's (w-2) x (h-2) Sobel map. */
export function fastEdgesInKernel(kernel: Kernel, reduced: ReducedPlane, sigma: number, width: number, height: number): number {
  const cubic = blurReducedInKernel(kernel, reduced, sigma, width, height);
  const edges = kernel.alloc((width - 2) * (height - 2));
  kernel.upsampleSobel(reduced.plane, reduced, reduced.k, cubic, edges, width, height);
  return edges;
}

/**
 * fastEdgesInKernel's Sobel map as a greyscale JPEG at `quality`: the upsampling, the Sobel
 * operator and the encoder in one pass, 8 rows at a time, with no full-size plane (the same
 * bytes as encodeGreyJpeg of fastEdgesInKernel's map).
 */
export function fastJpegInKernel(kernel: Kernel, reduced: ReducedPlane, sigma: number, width: number, height: number, quality: number): Uint8Array {
  const cubic = blurReducedInKernel(kernel, reduced, sigma, width, height);
  return writeGreyJpeg(kernel, width - 2, height - 2, quality, (dst, capacity) =>
    kernel.upsampleSobelJpeg(reduced.plane, reduced, reduced.k, cubic, width, height, quality, dst, capacity),
  );
}

/** Blurs `reduced` in place (to 1/128 levels) for a width x height frame; returns the pointer of the cubic weights for the upsampling. */
function blurReducedInKernel(kernel: Kernel, reduced: ReducedPlane, sigma: number, width: number, height: number): number {
  const { plane, k } = reduced;
  const weights = reducedBlurWeights(sigma, k, reduced.reduction, Math.max(width, height) - 1);
  const weightsPtr = kernel.copyIn(new Uint8Array(weights.buffer));
  const tmp = kernel.alloc(reduced.width * reduced.height * 2);
  kernel.fineBlur(plane, plane, tmp, reduced.width, reduced.height, weightsPtr, (weights.length - 1) / 2);
  return kernel.copyIn(new Uint8Array(cubicWeights(k).buffer));
}

/** The grid k times coarser of a full-size u8 plane (frames decoded at full size): each cell's mean. */
export function reduceInKernel(kernel: Kernel, grey: { plane: number; width: number; height: number }, k: number): ReducedPlane {
  const width = reducedSize(grey.width, k);
  const height = reducedSize(grey.height, k);
  const plane = kernel.alloc(width * height * 2);
  kernel.reduceMean(grey.plane, grey.width, grey.height, k, plane);
  return { plane, width, height, k, reduction: 'cell-mean' };
}
