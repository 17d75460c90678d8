// The H.264 benchmark's result shape and its text report.
import type { Comparison, CurvePoint } from './h264-compare';
import type { OursPoint, OursTiming } from './h264-ours';
import type { X264Preset } from './h264-x264';
import type { Machine } from './machine';

export interface PresetResult {
  preset: X264Preset;
  curve: CurvePoint[];
  comparison: Comparison;
  /** libx264 at our default QP's PSNR: bitrate and frames per CPU second (NaN when its curve does not reach it). */
  megabitsPerSecondAtTarget: number;
  cpuFramesPerSecondAtTarget: number;
}

export interface H264SequenceResult {
  name: string;
  description: string;
  width: number;
  height: number;
  frames: number;
  keyframeInterval: number;
  ours: {
    curve: OursPoint[];
    /** The default QP's point, its cpuSeconds the timed median. */
    target: OursPoint;
    timing: OursTiming;
    cpuFramesPerSecond: number;
    wallFramesPerSecond: number;
    megabitsPerSecond: number;
  };
  x264: { ran: true; version: string; presets: PresetResult[] } | { ran: false; reason: string };
}

export interface H264SizeResult {
  size: string;
  sequences: H264SequenceResult[];
}

export interface H264BenchResult {
  machine: Machine;
  /** The default QP, and the QPs of the rate-quality curves. */
  qp: number;
  qps: number[];
  /** Timed runs behind our medians, and behind each libx264 point's. */
  runs: number;
  x264Runs: number;
  frameRate: number;
  sizes: H264SizeResult[];
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : 'n/a');
const mbps = (bytes: number, frames: number, rate: number) => (bytes * 8 * rate) / frames / 1e6;

export function formatH264Report(result: H264BenchResult): string {
  const m = result.machine;
  const lines = [
    `machine: ${m.cpu}, ${m.cores} cores, node ${m.node}, load average ${m.loadAverage} at start`,
    `H.264 encoder (WebAssembly, Constrained Baseline), one thread, default QP ${result.qp}; rate-quality curves at QP ${result.qps.join(', ')}; PSNR-Y of each stream as ffmpeg decodes it`,
    `speed: CPU time, medians of ${result.runs} runs (ours, default QP) and of ${result.x264Runs} per libx264 point; bitrate at ${result.frameRate} frames/s`,
  ];
  for (const size of result.sizes) {
    for (const s of size.sequences) lines.push('', ...sequenceLines(size.size, s, result.frameRate));
  }
  return lines.join('\n');
}

function sequenceLines(size: string, s: H264SequenceResult, rate: number): string[] {
  const o = s.ours, t = o.target;
  const lines = [
    `${size} ${s.name}: ${s.width}x${s.height} edge maps, ${s.description}, ${s.frames} frames (IDR every ${s.keyframeInterval})`,
    `  ours at QP ${t.qp}: ${f1(o.cpuFramesPerSecond)} frames/s of CPU time (${f1(o.wallFramesPerSecond)} wall); IDR ${f1(o.timing.idrCpuMs)} ms, P ${f1(o.timing.pCpuMs)} ms`,
    `           ${f2(o.megabitsPerSecond)} Mbit/s; PSNR-Y min ${f2(t.psnrMin)}, median ${f2(t.psnrMedian)}, mean ${f2(t.psnrMean)} dB (${t.psnrOf})`,
    `  curves (Mbit/s at mean PSNR-Y dB) by QP:`,
    curveLine('ours', o.curve, s.frames, rate),
  ];
  if (!s.x264.ran) return [...lines, `  libx264 not run: ${s.x264.reason}`];
  for (const p of s.x264.presets) lines.push(curveLine(p.preset, p.curve, s.frames, rate));
  lines.push(`  against libx264 (${s.x264.version}, -profile:v baseline -tune psnr -threads 1, same GOP), ours / its:`);
  for (const p of s.x264.presets) {
    const c = p.comparison;
    const bd = Number.isFinite(c.bdRateRatio) ? `BD-rate ${x(c.bdRateRatio)} (${f2(c.bdPsnrLow)}..${f2(c.bdPsnrHigh)} dB)` : 'BD-rate n/a (the curves share no PSNR range)';
    const at = Number.isFinite(c.bitrateRatio)
      ? `at ${f2(t.psnrMean)} dB ${x(c.bitrateRatio)} the bitrate, ${x(c.speedRatio)} the speed (it: ${f2(p.megabitsPerSecondAtTarget)} Mbit/s, ${f1(p.cpuFramesPerSecondAtTarget)} frames/s)`
      : `its curve does not reach ${f2(t.psnrMean)} dB`;
    lines.push(`    ${p.preset.padEnd(9)} ${bd}; ${at}`);
  }
  return lines;
}

function curveLine(label: string, curve: readonly CurvePoint[], frames: number, rate: number): string {
  const points = [...curve].sort((a, b) => a.qp - b.qp).map((p) => `${p.qp}: ${f2(mbps(p.bytes, frames, rate))} @ ${f2(p.psnrMean)}`);
  return `    ${label.padEnd(9)} ${points.join('  ')}`;
}
