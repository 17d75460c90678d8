// `npm run bench -- --limits`: the figures the Lambda function's per-frame limits are set from
// (src/core/frame-cost.ts, src/core/frame-memory.ts). CPU time (process.cpuUsage), not wall time:
// a frame is one synchronous thread, and on a shared machine wall time measures the neighbours.
// - the blur's CPU time per pixel and tap on an 8K plane, at the radii of 4K and 8K defaults and
//   of 8K at the largest blur modifier (its cost grows a little with the radius: cache misses);
// - the rest of the WebAssembly path (decode, grey, Sobel, encode) per pixel, no blur;
// - the fast path per pixel, everything included (decode at 1/k, the blur on the coarse grid,
//   upsampling, Sobel, encode), against the model's estimate for it;
// - the jpeg-js fallback per block visit (scans x blocks), progressive 4:2:0 and 4:4:4;
// - peak RSS over the process's own, per pixel, in a fresh process per frame (VmHWM).
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type JpegOptions } from 'sharp';
import { blurInKernel } from '../src/core/blur-and-sobel';
import { blurWork, CPU_COST_NS } from '../src/core/frame-cost';
import { WASM_MEMORY_MODEL } from '../src/core/frame-memory';
import { processFrame } from '../src/core/pipeline';
import { readJpegHeader } from '../src/jpeg/header';
import { jpegJsPeakBytes } from '../src/jpeg/jpeg-js-memory';
import { Kernel } from '../src/wasm/instance';
import { loadFrame } from './frames';
import { measurePeakRss } from './peak-rss';
import { median } from './stats';
import { table } from './table';

export interface LimitsResult {
  runs: number;
  /** CPU ns per pixel and tap, by blur radius, on a 7680x4320 plane. */
  blurNsPerPixelTap: Array<{ radius: number; ns: number }>;
  /** CPU ns per pixel of the WebAssembly path without the blur, by frame. */
  wasmNsPerPixel: Array<{ frame: string; ns: number }>;
  /** CPU ns per pixel of the fast path, everything included, and what the model charges for it (per pixel, before the safety factor). */
  fastNsPerPixel: Array<{ frame: string; k: number; ns: number; modelNs: number }>;
  /** CPU ns per block visit of the jpeg-js path (everything but the blur, charged to the visits). */
  jpegJsNsPerVisit: Array<{ frame: string; visits: number; ns: number }>;
  /** Peak RSS over the process's baseline, bytes per pixel. */
  peakBytesPerPixel: Array<{ frame: string; path: 'wasm' | 'jpeg-js'; peakMB: number; baselineMB: number; bytesPerPixel: number; modelMB: number }>;
}

interface TestFrame {
  name: string;
  path: string;
  bytes: Buffer;
  pixels: number;
}

/** CPU milliseconds (user + system) of a synchronous call. */
function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Median CPU ms of `runs` calls after one warm-up call. */
function medianCpuMs(runs: number, run: () => void): number {
  run();
  return median(Array.from({ length: runs }, () => cpuMs(run)));
}

/** 8K baseline and 4K progressive frames made from the 4K bench frame, in the temp folder. */
async function makeFrames(): Promise<TestFrame[]> {
  const source = (await loadFrame('4k')).bytes;
  const dir = join(tmpdir(), 'frame-processor-bench-limits');
  mkdirSync(dir, { recursive: true });
  const variants: Array<[string, number, number, JpegOptions]> = [
    ['8K baseline 4:2:0', 7680, 4320, { quality: 90 }],
    ['4K progressive 4:2:0', 3840, 2160, { quality: 90, progressive: true }],
    ['4K progressive 4:4:4', 3840, 2160, { quality: 90, progressive: true, chromaSubsampling: '4:4:4' }],
  ];
  return Promise.all(
    variants.map(async ([name, width, height, options]) => {
      const bytes = await sharp(source).resize(width, height, { fit: 'fill' }).jpeg(options).toBuffer();
      const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.jpg`);
      writeFileSync(path, bytes);
      return { name, path, bytes, pixels: width * height };
    }),
  );
}

function blurCost(runs: number): LimitsResult['blurNsPerPixelTap'] {
  const [width, height] = [7680, 4320];
  const kernel = Kernel.instance();
  return [36, 146, 219].map((radius) => {
    // blurRadius(sigma) = ceil(2 sigma - 0.5) = radius
    const sigma = (radius + 0.5) / 2;
    const ms = medianCpuMs(runs, () => {
      kernel.reset();
      const plane = kernel.alloc(width * height);
      kernel.view(plane, width * height).fill(128);
      blurInKernel(kernel, { plane, width, height }, sigma);
    });
    kernel.reset();
    return { radius, ns: (ms * 1e6) / (width * height * (2 * radius + 1)) };
  });
}

export async function measureLimits(runs: number, log: (line: string) => void): Promise<LimitsResult> {
  const frames = await makeFrames();
  const [baseline, ...progressive] = frames;
  const noBlur = (frame: TestFrame) => () => void processFrame(frame.bytes, { blurModifier: 0, quality: 75, format: 'jpeg' });
  log(`limits: blur on a 7680x4320 plane, ${runs} runs per radius`);
  const blurNsPerPixelTap = blurCost(runs);
  log('limits: WebAssembly and jpeg-js paths without blur');
  const wasmNsPerPixel = [{ frame: baseline.name, ns: (medianCpuMs(runs, noBlur(baseline)) * 1e6) / baseline.pixels }];
  log('limits: the fast path, everything included');
  const fastNsPerPixel = [8, 0.75].map((modifier) => {
    const { width, height } = readJpegHeader(baseline.bytes);
    const work = blurWork(width, height, modifier, 'fast');
    const ns = (medianCpuMs(runs, () => void processFrame(baseline.bytes, { blurModifier: modifier, blurMethod: 'fast', quality: 75, format: 'jpeg' })) * 1e6) / baseline.pixels;
    const modelNs = CPU_COST_NS.wasmPerPixel + (work.pixels * work.taps * CPU_COST_NS.blurPerPixelTap) / baseline.pixels;
    return { frame: `${baseline.name}, modifier ${modifier}`, k: work.k, ns, modelNs };
  });
  const jpegJsNsPerVisit = progressive.map((frame) => {
    const visits = readJpegHeader(frame.bytes).blockVisits;
    return { frame: frame.name, visits, ns: (medianCpuMs(runs, noBlur(frame)) * 1e6) / visits };
  });
  log('limits: peak RSS, one fresh process per frame');
  const peakBytesPerPixel = frames.map((frame, i) => {
    const peak = measurePeakRss(frame.path, 'exact'); // the model bounds the exact path, the larger
    const bytesPerPixel = ((peak.peakMB - peak.baselineMB) * 2 ** 20) / frame.pixels;
    const { baseBytes, bytesPerPixel: wasmModel } = WASM_MEMORY_MODEL;
    const modelBytes = i === 0 ? baseBytes + frame.bytes.length + wasmModel * frame.pixels : jpegJsPeakBytes(readJpegHeader(frame.bytes));
    return { frame: frame.name, path: i === 0 ? ('wasm' as const) : ('jpeg-js' as const), peakMB: peak.peakMB, baselineMB: peak.baselineMB, bytesPerPixel, modelMB: modelBytes / 2 ** 20 };
  });
  return { runs, blurNsPerPixelTap, wasmNsPerPixel, fastNsPerPixel, jpegJsNsPerVisit, peakBytesPerPixel };
}

/** The measured figures, each next to the model's (src/core/frame-cost.ts, frame-memory.ts); "over" marks a measurement above its model. */
export function formatLimits(r: LimitsResult): string {
  const fixed = (n: number, digits: number) => n.toFixed(digits);
  const vs = (measured: number, model: number, digits: number) => `${fixed(model, digits)}${measured > model ? ' over' : ''}`;
  const { blurPerPixelTap, wasmPerPixel, jpegJsPerBlockVisit } = CPU_COST_NS;
  return [
    `CPU time, median of ${r.runs} runs after one warm-up; model: the figure the limits use (times a safety factor)`,
    table(
      ['blur on 7680x4320', 'taps', 'ns per pixel-tap', 'model'],
      r.blurNsPerPixelTap.map((b) => [`radius ${b.radius}`, String(2 * b.radius + 1), fixed(b.ns, 3), vs(b.ns, blurPerPixelTap, 3)]),
    ),
    table(['WebAssembly path, no blur', 'ns per pixel', 'model'], r.wasmNsPerPixel.map((w) => [w.frame, fixed(w.ns, 1), vs(w.ns, wasmPerPixel, 1)])),
    table(['fast path, everything', 'grid', 'ns per pixel', 'model'], r.fastNsPerPixel.map((f) => [f.frame, `1/${f.k}`, fixed(f.ns, 1), vs(f.ns, f.modelNs, 1)])),
    table(
      ['jpeg-js path, no blur', 'block visits', 'ns per visit', 'model'],
      r.jpegJsNsPerVisit.map((j) => [j.frame, String(j.visits), fixed(j.ns, 1), vs(j.ns, jpegJsPerBlockVisit, 1)]),
    ),
    table(
      ['peak RSS (fresh process, VmHWM)', 'decoder', 'baseline MB', 'peak MB', 'bytes per pixel', 'model peak MB'],
      r.peakBytesPerPixel.map((p) => [p.frame, p.path, fixed(p.baselineMB, 0), fixed(p.peakMB, 0), fixed(p.bytesPerPixel, 1), vs(p.peakMB, p.modelMB, 0)]),
    ),
  ].join('\n\n');
}
