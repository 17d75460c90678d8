// The human-readable report: machine, one stage table per frame size, ratios, cold start, memory,
// CLI throughput, and the project's speed and memory targets checked against this run's figures.
import type { BenchResult, SizeResult } from './results';
import { FUNCTION_MEMORY_MB, lambdaDollarsPerMillion } from './lambda-cost';
import type { OpenCvResult } from './opencv-peer';
import { QUALITY, type StageMs } from './settings';
import { ms, ratio, table } from './table';
import { formatH264Report } from './h264-report';
import { formatStitchReport } from './stitch-report';
import { formatFunctionInit } from './function-init';

export function formatReport(r: BenchResult): string {
  return [header(r), ...r.sizes.map(sizeSection), cliSection(r), cliS3Section(r), trackingSection(r), ...videoSections(r), functionInitSection(r), targetsSection(r), `bench took ${r.elapsedSeconds.toFixed(0)} s`].join('\n\n');
}

function header(r: BenchResult): string {
  const m = r.machine;
  const s = r.settings;
  return [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.platform}, node ${m.node} (V8 ${m.v8}), load average ${m.loadAverage} at start`,
    `settings: median of ${s.runs} warm runs (reference pipeline: ${s.refRuns === 'default' ? `${s.runs}, at most 3 at 4K` : s.refRuns}),` +
      ` blur modifier ${s.blurModifier}, JPEG quality ${s.quality}, one thread each`,
    `peers: sharp: ${r.peers.sharp}; Rust: ${r.peers.rust}; OpenCV: ${r.peers.opencv}`,
  ].join('\n');
}

function sizeSection(s: SizeResult): string {
  const { fast, exact } = s.pipelines;
  const row = (name: string, t: Partial<StageMs> & { totalMs: number }) => [
    name,
    ms(t.decodeMs),
    ms(t.kernelMs),
    ms(t.encodeMs),
    ms(t.totalMs),
    ratio(t.totalMs / fast.totalMs),
  ];
  const grid = fast.reduction === 1 ? 'full size: sigma too small for a coarser grid' : `grid 1/${fast.reduction}`;
  const rows = [row(`frame-processor fast (${grid})`, fast), row('frame-processor exact', exact)];
  rows.push(row(`TypeScript reference (jpeg-js, scalar TS)${s.runs.reference === s.runs.warm ? '' : ` [${s.runs.reference} runs]`}`, s.reference));
  // Peers that did not run have no row; the header's "peers:" line says why.
  if (s.sharp.ran) rows.push(row('sharp/libvips (stages not separable)', { totalMs: s.sharp.result.totalMs }));
  if (s.rust.ran) rows.push(row('Rust seed-sobel (RAYON_NUM_THREADS=1)', s.rust.result));
  if (s.opencv.ran) {
    const cv = s.opencv.result;
    rows.push(row('OpenCV + libjpeg-turbo, grey decode', cv.grey));
    rows.push(row('OpenCV + libjpeg-turbo, colour decode', cv.colour));
    if (cv.reduced) {
      rows.push(row(`OpenCV, IMREAD_REDUCED_GRAYSCALE_${cv.reduced.k}, blur 1/${cv.reduced.k}, cubic up`, cv.reduced.grey));
      rows.push(row(`OpenCV, IMREAD_REDUCED_COLOR_${cv.reduced.k}, blur 1/${cv.reduced.k}, cubic up`, cv.reduced.colour));
    }
  }
  const frame = `${s.frame.synthetic ? 'SYNTHETIC stand-in' : 'real frame'} ${s.frame.path.split('/').pop()}, ${(s.frame.bytes / 1024).toFixed(0)} KB`;
  const k = s.kernelOnly;
  const e = s.encoder;
  return [
    `== ${s.size}: ${s.width}x${s.height}, sigma ${s.sigma.toFixed(2)}, ${frame}`,
    table(['ms (median)', 'decode', 'kernel', 'encode', 'total', 'their total / fast'], rows),
    ...peerRatios(s),
    `kernel alone (exact grey+blur+Sobel, same RGB): WASM ${ms(k.wasmMs)} ms vs TypeScript reference ${ms(k.referenceMs)} ms = ${ratio(k.referenceMs / k.wasmMs)} faster`,
    `encoder alone (same edge map, q${QUALITY}): ours (1 component) ${ms(e.oursMs)} ms vs jpeg-js (3 components) ${ms(e.jpegJsMs)} ms = ${ratio(e.jpegJsMs / e.oursMs)} faster`,
    ...(['fast', 'exact'] as const).map((method) => coldStartLine(s, method)),
    ...(['fast', 'exact'] as const).map((method) => {
      const p = s.peakRss[method];
      return `peak RSS, ${method} (fresh process, one frame, ${p.source}): ${p.peakMB.toFixed(0)} MB (before the frame ${p.baselineMB.toFixed(0)} MB; WASM linear memory ${p.linearMemoryMB.toFixed(0)} MB)`;
    }),
    `Lambda compute per million frames (${FUNCTION_MEMORY_MB} MB, this machine's warm totals at its CPU share): fast $${lambdaDollarsPerMillion(fast.totalMs).toFixed(2)}, exact $${lambdaDollarsPerMillion(exact.totalMs).toFixed(2)}`,
  ].join('\n');
}

/** Each method's total as a share of each peer's: below 1x it is faster. */
function peerRatios(s: SizeResult): string[] {
  const peers: Array<[string, number | undefined]> = [
    ['OpenCV colour', s.opencv.ran ? s.opencv.result.colour.totalMs : undefined],
    ['OpenCV grey', s.opencv.ran ? s.opencv.result.grey.totalMs : undefined],
    ['OpenCV reduced colour', s.opencv.ran ? s.opencv.result.reduced?.colour.totalMs : undefined],
    ['OpenCV reduced grey', s.opencv.ran ? s.opencv.result.reduced?.grey.totalMs : undefined],
    ['sharp', s.sharp.ran ? s.sharp.result.totalMs : undefined],
    ['Rust', s.rust.ran ? s.rust.result.totalMs : undefined],
  ];
  const measured = peers.filter((p): p is [string, number] => p[1] !== undefined);
  if (measured.length === 0) return [];
  return (['fast', 'exact'] as const).map((method) => `${method} total / peer's: ${measured.map(([name, total]) => `${ratio(s.pipelines[method].totalMs / total)} ${name}`).join(', ')}`);
}

function coldStartLine(s: SizeResult, method: 'fast' | 'exact'): string {
  const c = s.coldStart[method];
  return (
    `cold start, ${method} (median of ${c.processes} fresh processes): compile ${ms(c.compileMs)} + instantiate ${ms(c.instantiateMs)} = ${ms(c.compileInstantiateMs)} ms` +
    ` (loading the JS modules ${ms(c.loadModulesMs)} ms, process start to ready ${ms(c.processToReadyMs)} ms);` +
    ` first frame ${ms(c.firstFrameMs)} ms = ${ratio(c.firstFrameMs / s.pipelines[method].totalMs)} the warm median, second ${ms(c.secondFrameMs)} ms`
  );
}

function cliSection(r: BenchResult): string {
  if (!r.cli.ran) return `CLI throughput: ${r.cli.reason}`;
  const rows = r.cli.result.map((c) => [`--concurrency ${c.concurrency}`, String(c.frames), c.framesPerSecond.toFixed(1), c.wallFramesPerSecond.toFixed(1)]);
  return ['CLI throughput (copies of the 1080p frame, JPEG out)', table(['', 'frames', 'frames/s (CLI summary)', 'frames/s (wall, incl. node start)'], rows)].join('\n');
}

function cliS3Section(r: BenchResult): string {
  if (!r.cliS3.ran) return `CLI on S3: ${r.cliS3.reason}`;
  const c = r.cliS3.result;
  return [
    `CLI on S3 (${c.frames} copies of the 1080p frame, --concurrency ${c.concurrency}; s3rver on loopback in the bench's process, sharing its cores)`,
    `  bucket to bucket ${c.s3FramesPerSecond.toFixed(1)} frames/s, folder to folder ${c.filesFramesPerSecond.toFixed(1)} frames/s: ${(c.s3FramesPerSecond / c.filesFramesPerSecond).toFixed(2)}x`,
    `  the same run again: ${c.skipRun.skipped} of ${c.frames} skipped (output up to date) in ${c.skipRun.seconds.toFixed(2)} s`,
  ].join('\n');
}

function trackingSection(r: BenchResult): string {
  if (!r.tracking.ran) return `per-video tracking: ${r.tracking.reason}`;
  const t = r.tracking.result;
  const q = t.requestsPerFrame;
  return [
    `per-video tracking (${t.frames} frames of ${t.frameSize} in ${t.videos} videos, each handler call alternating with and without; s3rver + dynalite on loopback)`,
    `  per frame, median: ${ms(t.baselineMsPerFrame)} ms without, ${ms(t.trackedMsPerFrame)} ms with: +${ms(t.addedMsPerFrame)} ms;` +
      ` the tracking call alone ${ms(t.trackingCallMs.median)} ms (p95 ${ms(t.trackingCallMs.p95)} ms)`,
    `  DynamoDB per frame: ${q.writes.toFixed(4)} writes (${q.writeUnits.toFixed(4)} WCU), ${q.reads.toFixed(4)} reads (${q.readUnits.toFixed(4)} RCU);` +
      ` requests: ${Object.entries(t.byCommand).map(([command, n]) => `${command.replace(/Command$/, '')} ${n}`).join(', ')}`,
  ].join('\n');
}

function targetsSection(r: BenchResult): string {
  const hd = r.sizes.find((s) => s.size === '1080p');
  const uhd = r.sizes.find((s) => s.size === '4k');
  const lines: string[] = ['targets (Lambda bills every millisecond and megabyte; bench/README.md) against this run:'];
  const check = (label: string, value: string, met: boolean | undefined) =>
    lines.push(`  [${met === undefined ? ' n/a ' : met ? ' met ' : 'MISSED'}] ${label}: ${value}`);
  const share = (s: SizeResult, peer: (cv: OpenCvResult) => number, limit: number, label: string) => {
    const value = s.opencv.ran ? s.pipelines.fast.totalMs / peer(s.opencv.result) : undefined;
    check(label, value === undefined ? 'OpenCV did not run' : `${ratio(value)} its time`, value === undefined ? undefined : value <= limit);
  };
  if (hd) {
    const p = hd.pipelines.fast.totalMs;
    const kernel = hd.kernelOnly.referenceMs / hd.kernelOnly.wasmMs;
    check('1080p kernel >= 10x the TS reference (what makes WebAssembly worth its build step)', ratio(kernel), kernel >= 10);
    check('1080p kernel >= 20x the TS reference (with SIMD)', ratio(kernel), kernel >= 20);
    share(hd, (cv) => cv.colour.totalMs, 0.35, '1080p fast total <= 0.35x OpenCV + libjpeg-turbo (colour decode)');
    share(hd, (cv) => cv.grey.totalMs, 1.5, '1080p fast total <= 1.5x OpenCV + libjpeg-turbo (grey decode)');
    const rust = hd.rust.ran ? hd.rust.result.totalMs / p : undefined;
    check('1080p >= 5x faster than the Rust program', rust === undefined ? 'Rust did not run' : `${ratio(rust)} faster`, rust === undefined ? undefined : rust >= 5);
    const sharp = hd.sharp.ran ? hd.sharp.result.totalMs / p : undefined;
    check('1080p faster than sharp', sharp === undefined ? 'sharp did not run' : `${ratio(sharp)} faster`, sharp === undefined ? undefined : sharp > 1);
  }
  if (uhd) share(uhd, (cv) => cv.grey.totalMs, 0.25, '4K fast total <= 0.25x OpenCV + libjpeg-turbo (grey decode)');
  for (const s of r.sizes) {
    const first = s.coldStart.fast.firstFrameMs / s.pipelines.fast.totalMs;
    check(`${s.size} first frame after a cold start <= 1.5x a warm frame (fast)`, ratio(first), first <= 1.5);
  }
  const any = uhd ?? hd ?? r.sizes[0];
  if (any) check('cold start (compile + instantiate) <= 30 ms', `${ms(any.coldStart.fast.compileInstantiateMs)} ms`, any.coldStart.fast.compileInstantiateMs <= 30);
  if (uhd) check('4K peak RSS <= 200 MB (exact, the larger)', `${uhd.peakRss.exact.peakMB.toFixed(0)} MB`, uhd.peakRss.exact.peakMB <= 200);
  return lines.join('\n');
}

/** The H.264 encoder's and the stitch's reports as their own scripts print them, or why they did not run. */
function functionInitSection(r: BenchResult): string {
  return r.functionInit.ran ? formatFunctionInit(r.functionInit.result) : `function init: ${r.functionInit.reason}`;
}

function videoSections(r: BenchResult): string[] {
  const { h264, stitch } = r.video;
  return [
    h264.ran ? `H.264 encoder (bench/h264.ts)\n${formatH264Report(h264.result).trimEnd()}` : `H.264 encoder: ${h264.reason}`,
    stitch.ran ? `edge video stitch (bench/stitch.ts)\n${formatStitchReport(stitch.result).trimEnd()}` : `edge video stitch: ${stitch.reason}`,
  ];
}
