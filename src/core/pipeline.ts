// The pure core: JPEG bytes in, edge map bytes out. Knows nothing about S3 or files.
import { performance } from 'node:perf_hooks';
import { decodeGrey, decodeReduced, decoderFor } from '../jpeg/decode';
import { CorruptJpegError, FrameError, ImageTooSmallError, LimitExceededError } from './errors';
import { edgesInKernel } from './blur-and-sobel';
import { sigmaFor } from './blur-weights';
import { fastEdgesInKernel, fastJpegInKernel } from './fast-path';
import { blurWork, checkBlurWork, checkComputeTime, MAX_BLUR_WORK, type ComputeBudget } from './frame-cost';
import { reductionOf, type BlurMethod } from './reduction';
import { FRAME_DEFAULTS } from './settings';
import { readJpegHeader, type JpegHeader } from '../jpeg/header';
import { MAX_PEAK_BYTES } from '../jpeg/jpeg-js-memory';
import { Kernel } from '../wasm/instance';
import { FrameInput } from './frame-input';
import { encodeGreyJpeg } from '../jpeg/encode';
import { encodeGreyPng } from './png';

export type OutputFormat = 'jpeg' | 'png';

export interface FrameLimits {
  /** Largest accepted width * height, checked from the JPEG header before any pixel memory. */
  maxPixels: number;
  /** Largest accepted input, in bytes. */
  maxInputBytes: number;
  /** Peak process memory the jpeg-js fallback may need for a frame (its model, src/jpeg/jpeg-js-memory.ts), in bytes; default 512 MiB. */
  maxJpegJsBytes?: number;
}

/** 8K UHD (7680x4320 = 33.2 MP) fits; a 1 GB Lambda has headroom for it. The CLI's jpeg-js frames must fit a 1 GB machine next to other work. */
export const DEFAULT_LIMITS: FrameLimits = { maxPixels: 40_000_000, maxInputBytes: 64 * 1024 * 1024, maxJpegJsBytes: MAX_PEAK_BYTES };

export interface FrameOptions {
  /** Blur strength: sigma = width * height / 3 630 000 * blurModifier; 0 = no blur. */
  blurModifier: number;
  /** `fast` (the default): decode and blur on a coarser grid where sigma allows; `exact`: at full size. */
  blurMethod?: BlurMethod;
  /** JPEG quality 1..100. */
  quality: number;
  /** `raw` is the bare 8-bit edge map, row-major, no header. */
  format: OutputFormat | 'raw';
  limits?: FrameLimits;
  /** When given, a frame whose estimated compute time (src/core/frame-cost.ts) is over `ms` is refused before decoding (DeadlineError). */
  computeBudget?: ComputeBudget;
  /** The object key or file path, named in errors. */
  source?: string;
}

export interface StageTimings {
  decodeMs: number;
  /** Blur and Sobel. The fast path's JPEG is coded 8 rows at a time as its upsampling and Sobel make them: that pass is all here. */
  kernelMs: number;
  /** Encoding what the kernel made (nothing left for the fast path's JPEG). */
  encodeMs: number;
}

export interface FrameResult {
  bytes: Uint8Array;
  contentType: string;
  /** Output size: (inputWidth - 2) x (inputHeight - 2). */
  width: number;
  height: number;
  inputWidth: number;
  inputHeight: number;
  sigma: number;
  /** The grid the blur ran on, k times coarser than the frame: 1 (full size), 2 or 4. */
  reduction: number;
  /** The settings it was made with: written with the edge map, so a later run can tell an output made the same way. */
  settings: FrameSettings;
  timings: StageTimings;
}

export type FrameSettings = Pick<FrameOptions, 'blurModifier' | 'quality' | 'format'> & { blurMethod: BlurMethod };

const CONTENT_TYPES = { jpeg: 'image/jpeg', png: 'image/png', raw: 'application/octet-stream' } as const;

/** Runs the whole pipeline; every failure is a FrameError naming `options.source`. */
export function processFrame(input: Uint8Array | FrameInput, options: FrameOptions): FrameResult {
  try {
    return run(input instanceof FrameInput ? input : FrameInput.from(input), options);
  } catch (error) {
    throw error instanceof FrameError && options.source ? error.withSource(options.source) : error;
  }
}

function run(input: FrameInput, options: FrameOptions): FrameResult {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const blurMethod = options.blurMethod ?? FRAME_DEFAULTS.blurMethod;
  const kernel = input.kernel;
  const started = performance.now();
  const header = readHeader(input, options, limits);
  const { width, height } = header;
  const sigma = sigmaFor(width, height, options.blurModifier);
  const reduction = reductionOf(blurMethod, sigma);
  const outWidth = width - 2;
  const outHeight = height - 2;
  let decoded: number;
  let filtered: number;
  let bytes: Uint8Array;
  if (reduction === 1) {
    const grey = decodeGrey(kernel, input.pointer, input.length, header, limits);
    decoded = performance.now();
    const edges = edgesInKernel(kernel, grey, sigma);
    filtered = performance.now();
    bytes = encode(kernel, edges, outWidth, outHeight, options);
  } else {
    const reduced = decodeReduced(kernel, input.pointer, input.length, header, limits, reduction);
    decoded = performance.now();
    if (options.format === 'jpeg') {
      // One pass from the blurred grid to the JPEG (no full-size plane): its time is the kernel's.
      bytes = fastJpegInKernel(kernel, reduced, sigma, width, height, options.quality);
      filtered = performance.now();
    } else {
      const edges = fastEdgesInKernel(kernel, reduced, sigma, width, height);
      filtered = performance.now();
      bytes = encode(kernel, edges, outWidth, outHeight, options);
    }
  }
  const encoded = performance.now();
  kernel.releaseIfLarge();
  return {
    bytes,
    contentType: CONTENT_TYPES[options.format],
    width: outWidth,
    height: outHeight,
    inputWidth: width,
    inputHeight: height,
    sigma,
    reduction,
    settings: { blurModifier: options.blurModifier, blurMethod, quality: options.quality, format: options.format },
    timings: { decodeMs: decoded - started, kernelMs: filtered - decoded, encodeMs: encoded - filtered },
  };
}

/** The frame's header, once the input is whole, within the limits and within its cost bounds. */
function readHeader(input: FrameInput, options: FrameOptions, limits: FrameLimits): JpegHeader {
  if (input.received !== input.length) throw new CorruptJpegError(`incomplete input: ${input.received} of ${input.length} bytes`);
  if (input.length > limits.maxInputBytes) {
    throw new LimitExceededError(`input is ${input.length} bytes, over the limit of ${limits.maxInputBytes} bytes`);
  }
  const header = readJpegHeader(input.bytes(), undefined, (from) => input.scanEnd(from));
  checkCost(input, header, options, limits);
  return header;
}

/** What the header says the frame will cost, against the limits and the time budget: refused before any pixel memory. */
function checkCost(input: FrameInput, header: JpegHeader, options: FrameOptions, limits: FrameLimits): void {
  const { width, height } = header;
  if (width < 3 || height < 3) throw new ImageTooSmallError(`image is ${width}x${height}, too small: the Sobel operator needs at least 3x3`);
  if (width * height > limits.maxPixels) {
    throw new LimitExceededError(`image is ${width}x${height} (${width * height} pixels), over the limit of ${limits.maxPixels} pixels`);
  }
  const method = options.blurMethod ?? FRAME_DEFAULTS.blurMethod;
  checkBlurWork(width, height, options.blurModifier, MAX_BLUR_WORK, method);
  if (!options.computeBudget) return;
  const jpegJs = decoderFor(input.kernel, input.pointer, input.length) === 'jpeg-js';
  const blur = blurWork(width, height, options.blurModifier, method);
  const work = { width, height, blurTaps: blur.taps, blurReduction: blur.k, jpegJsBlockVisits: jpegJs ? header.blockVisits : 0 };
  checkComputeTime(work, options.computeBudget);
}

function encode(kernel: Kernel, edges: number, width: number, height: number, options: FrameOptions): Uint8Array {
  switch (options.format) {
    case 'raw':
      return kernel.copyOut(edges, width * height);
    case 'png':
      return encodeGreyPng(kernel.view(edges, width * height), width, height);
    case 'jpeg':
      return encodeGreyJpeg(kernel, edges, width, height, options.quality);
  }
}
