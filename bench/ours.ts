// frame-processor itself: the whole pipeline through processFrame (its own stage timings) in
// either blur method, and the WebAssembly kernel alone (grey + blur + Sobel, the exact path) on
// the same RGB the reference gets.
import { performance } from 'node:perf_hooks';
import { edgesInKernel } from '../src/core/blur-and-sobel';
import { sigmaFor } from '../src/core/blur-weights';
import { Kernel } from '../src/wasm/instance';
import { encodeGreyJpeg } from '../src/jpeg/encode';
import { processFrame } from '../src/core/pipeline';
import type { BlurMethod } from '../src/core/reduction';
import { BLUR_MODIFIER, QUALITY, type StageMs } from './settings';
import { sampleMedians } from './stats';

/** A method's figures: median stages, its output's size, and the grid its blur ran on. */
export type PipelineMs = StageMs & { outputBytes: number; reduction: number };

/** Median stage times of processFrame (JPEG out) with `blurMethod` over `runs` warm runs, after 2 warm-up runs. */
export function benchPipeline(jpeg: Uint8Array, runs: number, blurMethod: BlurMethod): Promise<PipelineMs> {
  return sampleMedians(runs, 2, () => {
    const started = performance.now();
    const result = processFrame(jpeg, { blurModifier: BLUR_MODIFIER, blurMethod, quality: QUALITY, format: 'jpeg' });
    const totalMs = performance.now() - started;
    return { ...result.timings, totalMs, outputBytes: result.bytes.length, reduction: result.reduction };
  });
}

/**
 * Median ms of the kernel alone on interleaved RGB already in linear memory: grey, blur and
 * Sobel, the exact work referenceEdges does. Copying the RGB in is not timed.
 */
export async function benchKernel(rgb: Uint8Array, width: number, height: number, runs: number): Promise<number> {
  const kernel = Kernel.instance();
  const sigma = sigmaFor(width, height, BLUR_MODIFIER);
  const { kernelMs } = await sampleMedians(runs, 2, () => {
    kernel.reset();
    const src = kernel.copyIn(rgb);
    const started = performance.now();
    const plane = kernel.alloc(width * height);
    kernel.greyFromRgb(src, plane, width * height);
    edgesInKernel(kernel, { plane, width, height }, sigma);
    return { kernelMs: performance.now() - started };
  });
  kernel.reset();
  return kernelMs;
}

/** The edge map (w-2) x (h-2) of a frame, as the exact path computes it (byte-equal to referenceEdges). */
export function edgeMap(jpeg: Uint8Array): { data: Uint8Array; width: number; height: number } {
  const result = processFrame(jpeg, { blurModifier: BLUR_MODIFIER, blurMethod: 'exact', quality: QUALITY, format: 'raw' });
  return { data: result.bytes, width: result.width, height: result.height };
}

/** Median ms of our greyscale JPEG encoder on an 8-bit plane already in linear memory. */
export async function benchEncoder(plane: Uint8Array, width: number, height: number, runs: number): Promise<number> {
  const kernel = Kernel.instance();
  const { encodeMs } = await sampleMedians(runs, 2, () => {
    kernel.reset();
    const ptr = kernel.copyIn(plane);
    const started = performance.now();
    encodeGreyJpeg(kernel, ptr, width, height, QUALITY);
    return { encodeMs: performance.now() - started };
  });
  kernel.reset();
  return encodeMs;
}
