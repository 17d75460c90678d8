// The H.264 benchmark's result shape and its text report.
import type { Machine } from './machine';
import type { X264Match } from './h264-x264';

export interface H264SizeResult {
  size: string;
  width: number;
  height: number;
  frames: number;
  keyframeInterval: number;
  ours: {
    /** Frames per second of CPU time (one thread), and of wall time. */
    cpuFramesPerSecond: number;
    wallFramesPerSecond: number;
    idrCpuMs: number;
    pCpuMs: number;
    bytes: number;
    megabitsPerSecond: number;
    psnrMin: number;
    psnrMedian: number;
    psnrMean: number;
    /** Of what the PSNR figures are: the stream as ffmpeg decodes it, or (without ffmpeg) the encoder's reconstruction. */
    psnrOf: PsnrSource;
  };
  x264:
    | ({ ran: true; megabitsPerSecond: number; cpuFramesPerSecond: number; bitrateRatio: number; speedRatio: number } & X264Match)
    | { ran: false; reason: string };
}

export type PsnrSource = 'decoded by ffmpeg' | 'reconstruction';

export interface H264BenchResult {
  machine: Machine;
  qp: number;
  runs: number;
  frameRate: number;
  sizes: H264SizeResult[];
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

export function formatH264Report(result: H264BenchResult): string {
  const m = result.machine;
  const lines = [
    `machine: ${m.cpu}, ${m.cores} cores, node ${m.node}, load average ${m.loadAverage} at start`,
    `H.264 encoder (WebAssembly, Constrained Baseline, QP ${result.qp}), one thread; medians of ${result.runs} runs; bitrate at ${result.frameRate} frames/s`,
  ];
  for (const s of result.sizes) {
    const o = s.ours;
    lines.push('');
    lines.push(`${s.size}: ${s.width}x${s.height} panning edge maps, ${s.frames} frames (IDR every ${s.keyframeInterval})`);
    lines.push(`  speed    ${f1(o.cpuFramesPerSecond)} frames/s of CPU time (${f1(o.wallFramesPerSecond)} wall); IDR ${f1(o.idrCpuMs)} ms, P ${f1(o.pCpuMs)} ms`);
    lines.push(`  bitrate  ${f2(o.megabitsPerSecond)} Mbit/s (${(o.bytes / 1024).toFixed(0)} KiB)`);
    lines.push(`  PSNR-Y   min ${f2(o.psnrMin)} dB, median ${f2(o.psnrMedian)} dB, mean ${f2(o.psnrMean)} dB (${o.psnrOf})`);
    if (s.x264.ran) {
      const x = s.x264;
      lines.push(`  libx264 ${x.preset} at the same mean PSNR (QP ${x.above.qp}..${x.below.qp}: ${f2(x.above.psnrMean)}..${f2(x.below.psnrMean)} dB), ${x.version}:`);
      lines.push(`           ${f2(x.megabitsPerSecond)} Mbit/s, ${f1(x.cpuFramesPerSecond)} frames/s of CPU time`);
      lines.push(`  ratios   bitrate ours/x264 ${f2(x.bitrateRatio)}, speed ours/x264 ${f2(x.speedRatio)}`);
    } else {
      lines.push(`  libx264  not run: ${s.x264.reason}`);
    }
  }
  return lines.join('\n');
}
