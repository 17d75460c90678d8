// What a frame will cost in CPU time, known from its JPEG header before any pixel is decoded:
// the blur's work (pixels x taps) and the expected compute time of the whole frame. Both are
// checked before decoding, so no frame can run past its bound or past its invocation's deadline
// (the WebAssembly work is synchronous: no timer can interrupt it).
import { blurRadius, sigmaFor } from './blur-weights';
import { DeadlineError, LimitExceededError } from './errors';
import { reducedSize, reductionOf, type BlurMethod } from './reduction';

/**
 * Most blur work per frame, in pixels x taps (taps = 2 x radius + 1, one pass each way), counted
 * on the plane the blur runs on: the frame (exact), or its grid k times coarser (fast: k^2 times
 * fewer pixels and about k times fewer taps). An 8K UHD frame at the largest exact BLUR_MODIFIER
 * (12: radius 219, 439 taps) is 1.46e10 and fits; so does a 40 MP frame at the default modifier 8
 * (1.41e10). At the measured 0.23 ns per pixel-tap (see CPU_COST_NS) this is about 3.4 s of CPU on
 * the development machine. In fast mode no frame up to 8K comes near it: the fast path's largest
 * modifier (46, core/settings.ts) is set by a tighter bound, the blur's share of the frame: an 8K
 * frame's reduced blur (1920x1080, at most 425 taps) then costs at most what the rest of the
 * frame does (taps <= 16 x CPU_COST_NS.wasmPerPixel / CPU_COST_NS.blurPerPixelTap = 426).
 */
export const MAX_BLUR_WORK = 1.5e10;

/**
 * CPU time per unit of work, at or above every one of three runs of `npm run bench -- --limits`
 * (CPU time, each the median of 5 runs; 2-core AMD EPYC VM, x64, Node 20, load average 7-10), medians
 * of the three: the blur 0.143 / 0.204 / 0.229 ns per pixel-tap at radius 36 / 146 / 219 on
 * 7680x4320 (at most 0.260); the rest of the WebAssembly path (decode, grey, Sobel, encode) 6.5 ns
 * per pixel on an 8K baseline frame (at most 7.4); the jpeg-js fallback 1178 / 1094 ns per block
 * visit on 4K progressive 4:2:0 / 4:4:4 frames, everything but the blur charged to the visits (at
 * most 1330). The fast path is charged the same per pixel, plus its blur on the coarser grid: one
 * `--limits` run measured it, blur included, at 4.6 / 5.1 ns per pixel on 8K at 1/4 / 1/2 (the
 * model: 9.4 / 9.3).
 */
export const CPU_COST_NS = { blurPerPixelTap: 0.3, wasmPerPixel: 8, jpegJsPerBlockVisit: 1400 };

/**
 * The CPU figures are from x64; Lambda runs arm64 (Graviton2), which was not timed (qemu emulates
 * it, it does not time it). A factor of 3 covers a per-core SIMD throughput up to about 2x lower,
 * plus the spread between runs; the estimate is meant to be pessimistic.
 */
export const SAFETY_FACTOR = 3;

/** Lambda gives a function one vCPU at 1769 MB, and CPU in proportion to memory below that. */
export const MEMORY_MB_PER_VCPU = 1769;

/** The share of one CPU a single thread gets in a Lambda function of `memoryMB`: 1 at 1769 MB and above. */
export function cpuShareFor(memoryMB: number): number {
  return Math.min(1, memoryMB / MEMORY_MB_PER_VCPU);
}

/** The plane a frame's blur runs on and its taps: the frame itself, or (fast) its grid k times coarser. */
export interface BlurWork {
  /** Pixels of the plane blurred. */
  pixels: number;
  /** Taps each way (0 when there is no blur); for the fast path an upper bound of its fitted kernel's. */
  taps: number;
  /** The grid's reduction: 1 for the exact path. */
  k: number;
}

/** The blur a width x height frame gets at `blurModifier` with `method`. */
export function blurWork(width: number, height: number, blurModifier: number, method: BlurMethod): BlurWork {
  const sigma = sigmaFor(width, height, blurModifier);
  const k = reductionOf(method, sigma);
  if (k === 1) {
    const radius = blurRadius(sigma, Math.max(width, height) - 1);
    return { pixels: width * height, taps: radius === 0 ? 0 : 2 * radius + 1, k };
  }
  // reducedBlurWeights (core/fast-weights.ts) reaches at most ceil(r / k) + 1 each way.
  const reach = Math.ceil(blurRadius(sigma, Math.max(width, height) - 1) / k) + 1;
  return { pixels: reducedSize(width, k) * reducedSize(height, k), taps: 2 * reach + 1, k };
}

/** Taps of the blur a width x height frame gets at `blurModifier` (0 when there is no blur). */
export function blurTaps(width: number, height: number, blurModifier: number, method: BlurMethod = 'exact'): number {
  return blurWork(width, height, blurModifier, method).taps;
}

/** Refuses (LimitExceededError) a frame whose blur would be more than `maxWork` pixels x taps. */
export function checkBlurWork(width: number, height: number, blurModifier: number, maxWork: number, method: BlurMethod = 'exact'): void {
  const { pixels, taps, k } = blurWork(width, height, blurModifier, method);
  const work = pixels * taps;
  if (work <= maxWork) return;
  const where = k === 1 ? '' : ` on its grid ${k} times coarser`;
  throw new LimitExceededError(
    `a ${width}x${height} frame at blur modifier ${blurModifier} needs a ${taps}-tap blur${where} (${work.toExponential(2)} pixel-taps), over the limit of ${maxWork.toExponential(2)} that bounds a frame's blur time; use a smaller blur modifier`,
  );
}

/** The work of one frame, from its header: what the compute-time estimate is made of. */
export interface FrameWork {
  width: number;
  height: number;
  blurTaps: number;
  /** The grid the blur runs on is this many times coarser than the frame: 1 (the default), or the fast path's 2 or 4. */
  blurReduction?: number;
  /** Block visits (scans x blocks) when jpeg-js decodes the frame; 0 for the WebAssembly decoder. */
  jpegJsBlockVisits: number;
}

/** Pessimistic compute time of a frame in ms on a Lambda thread with `cpuShare` of a CPU. */
export function estimateComputeMs(work: FrameWork, cpuShare: number): number {
  const pixels = work.width * work.height;
  const k = work.blurReduction ?? 1;
  const blurPixels = reducedSize(work.width, k) * reducedSize(work.height, k);
  const ns = pixels * CPU_COST_NS.wasmPerPixel + blurPixels * work.blurTaps * CPU_COST_NS.blurPerPixelTap + work.jpegJsBlockVisits * CPU_COST_NS.jpegJsPerBlockVisit;
  return (SAFETY_FACTOR * ns) / 1e6 / cpuShare;
}

/** What the compute may take, ms: the time left before the invocation's reserve, the most a whole invocation has, and the CPU share. */
export interface ComputeBudget {
  ms: number;
  /** The time a whole invocation has (its time left when it started); unknown by default (a retry might have more). */
  invocationMs?: number;
  cpuShare: number;
}

/**
 * Refuses to start a frame whose estimated compute time does not fit `budget`: a DeadlineError
 * when a fresh invocation (the retry) would have the time, a LimitExceededError when none would.
 */
export function checkComputeTime(work: FrameWork, budget: ComputeBudget): void {
  const estimate = estimateComputeMs(work, budget.cpuShare);
  if (estimate <= budget.ms) return;
  const decoder = work.jpegJsBlockVisits > 0 ? `jpeg-js, ${work.jpegJsBlockVisits} block visits` : 'WebAssembly decoder';
  const grid = (work.blurReduction ?? 1) === 1 ? '' : ` on the grid ${work.blurReduction} times coarser`;
  const frame = `a ${work.width}x${work.height} frame (${decoder}, ${work.blurTaps}-tap blur${grid}) is estimated at ${seconds(estimate)} of compute`;
  const { invocationMs } = budget;
  if (invocationMs !== undefined && estimate > invocationMs) throw new LimitExceededError(`${frame}, more than the ${seconds(invocationMs)} a whole invocation has`);
  throw new DeadlineError(`not started: ${frame}, more than the ${seconds(budget.ms)} the invocation has left; the retry will process it`);
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}
