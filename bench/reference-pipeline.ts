// The pure TypeScript pipeline frame-processor replaces in spirit: jpeg-js decode ->
// referenceEdges (plain scalar grey, blur, Sobel) -> jpeg-js encode. jpeg-js only writes
// 3-component JPEGs, so the edge map is widened to RGBA first (timed apart, counted in encode).
import { performance } from 'node:perf_hooks';
import { decode, encode } from 'jpeg-js';
import { sigmaFor } from '../src/core/blur-weights';
import { referenceEdges, type Plane } from '../src/core/reference';
import { BLUR_MODIFIER, QUALITY, type StageMs } from './settings';
import { sampleMedians } from './stats';

export interface ReferenceMs extends StageMs {
  /** jpeg-js encode alone (the encode stage minus widening grey to RGBA). */
  jpegJsEncodeMs: number;
  /** Widening the 1-channel edge map to the RGBA jpeg-js takes. */
  widenMs: number;
}

/** Interleaved RGB of a JPEG, decoded by jpeg-js without limits worth hitting here. */
export function decodeRgb(jpeg: Uint8Array): { data: Uint8Array; width: number; height: number } {
  return decode(jpeg, { formatAsRGBA: false, useTArray: true, maxResolutionInMP: 100, maxMemoryUsageInMB: 2048 });
}

/** Median stage times over `runs` runs after one warm-up (a single 4K run already takes seconds). */
export function benchReference(jpeg: Uint8Array, runs: number): Promise<ReferenceMs> {
  return sampleMedians(runs, 1, () => {
    const t0 = performance.now();
    const rgb = decodeRgb(jpeg);
    const t1 = performance.now();
    const edges = referenceEdges(rgb.data, rgb.width, rgb.height, sigmaFor(rgb.width, rgb.height, BLUR_MODIFIER));
    const t2 = performance.now();
    const rgba = widenToRgba(edges);
    const t3 = performance.now();
    encode({ data: rgba, width: edges.width, height: edges.height }, QUALITY);
    const t4 = performance.now();
    return { decodeMs: t1 - t0, kernelMs: t2 - t1, encodeMs: t4 - t2, totalMs: t4 - t0, jpegJsEncodeMs: t4 - t3, widenMs: t3 - t2 };
  });
}

function widenToRgba(plane: Plane): Uint8Array {
  const rgba = new Uint8Array(plane.data.length * 4);
  for (let i = 0; i < plane.data.length; i++) {
    const v = plane.data[i];
    rgba[4 * i] = v;
    rgba[4 * i + 1] = v;
    rgba[4 * i + 2] = v;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}
