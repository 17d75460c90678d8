// The H.264 peer: libx264 through Debian's ffmpeg as a child process, Constrained Baseline's tools
// (`-profile:v baseline`), tuned for PSNR (`-tune psnr`: no psychovisual optimisations), one
// thread, constant QP, the same GOP as ours (an IDR picture every `gop` frames, no scene-cut
// keyframes: our encoder may not place its own) and full-range 4:2:0 with neutral chroma, as ours.
// Its CPU time is libx264's own: the user + system time of ffmpeg's calls into the encoder
// (`-benchmark_all`: getrusage around every encode and flush call), not ffmpeg's reading of the
// input, so the peer is not charged for work our encoder's figure leaves out either.
import { spawnSync } from 'node:child_process';
import { psnr } from './h264-sequence';
import { median } from './stats';

export const X264_PRESETS = ['ultrafast', 'veryfast', 'medium'] as const;
export type X264Preset = (typeof X264_PRESETS)[number];

export interface X264Point {
  qp: number;
  bytes: number;
  /** Mean PSNR-Y of the stream as ffmpeg decodes it. */
  psnrMean: number;
  /** libx264's CPU seconds for the whole sequence (median of the runs). */
  cpuSeconds: number;
}

/** ffmpeg's version line when it runs and has libx264, else null. */
export function x264Version(): string | null {
  const version = spawnSync('ffmpeg', ['-hide_banner', '-version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return null;
  const encoders = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  if (!/libx264/.test(encoders.stdout ?? '')) return null;
  return `ffmpeg ${/ffmpeg version (\S+)/.exec(version.stdout)?.[1] ?? 'unknown'}`;
}

/** The planes (even width x height) as 4:2:0 pictures with neutral chroma: what our encoder codes too. */
export function yuv420(planes: readonly Uint8Array[], width: number, height: number): Buffer {
  if (width % 2 || height % 2) throw new Error(`the libx264 baseline takes even sizes, not ${width}x${height}`);
  const chroma = Buffer.alloc(width * height / 2, 128);
  return Buffer.concat(planes.flatMap((plane) => [plane, chroma]));
}

/** libx264 at `preset` and `qp` on the pictures (yuv420() of planes), run `runs` times: bytes, decoded PSNR, median CPU time. */
export function encodeX264(pictures: Buffer, planes: readonly Uint8Array[], width: number, height: number, qp: number, gop: number, preset: X264Preset, runs: number): X264Point {
  const args = ['-hide_banner', '-nostats', '-benchmark_all', '-f', 'rawvideo', '-pix_fmt', 'yuvj420p', '-s', `${width}x${height}`, '-r', '30', '-i', '-'];
  args.push('-c:v', 'libx264', '-profile:v', 'baseline', '-preset', preset, '-tune', 'psnr', '-threads', '1', '-qp', String(qp));
  args.push('-g', String(gop), '-x264-params', 'scenecut=0', '-pix_fmt', 'yuvj420p', '-f', 'h264', '-');
  let stream: Buffer | undefined;
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync('ffmpeg', args, { input: pictures, maxBuffer: 1 << 30 });
    if (child.error || child.status !== 0) throw new Error(`ffmpeg libx264 failed: ${child.error?.message ?? child.stderr.toString().slice(-500)}`);
    if (stream && !stream.equals(child.stdout)) throw new Error(`libx264 ${preset} QP ${qp} made different streams from the same input`);
    stream = child.stdout;
    cpu.push(encoderCpuSeconds(child.stderr.toString()));
  }
  const decoded = decodeGray(stream!, width, height);
  if (decoded.length !== planes.length) throw new Error(`ffmpeg decoded ${decoded.length} of libx264's ${planes.length} pictures`);
  const scores = planes.map((plane, i) => psnr(plane, width, height, decoded[i], width));
  return { qp, bytes: stream!.length, psnrMean: scores.reduce((a, b) => a + b, 0) / scores.length, cpuSeconds: median(cpu) };
}

/** Seconds of user + system time inside the encoder calls, from ffmpeg's -benchmark_all lines. */
function encoderCpuSeconds(stderr: string): number {
  let microseconds = 0, calls = 0;
  for (const line of stderr.matchAll(/bench:\s+(\d+) user\s+(\d+) sys\s+\d+ real (?:encode|flush)_video/g)) {
    microseconds += Number(line[1]) + Number(line[2]);
    calls++;
  }
  if (calls === 0) throw new Error('ffmpeg printed no -benchmark_all lines for the encoder');
  return microseconds / 1e6;
}

/** The luma of every picture of an Annex B stream as ffmpeg decodes it (`-err_detect explode`: a stream error fails), each width x height. */
export function decodeGray(stream: Uint8Array, width: number, height: number): Uint8Array[] {
  const decoded = spawnSync('ffmpeg', ['-v', 'error', '-err_detect', 'explode', '-f', 'h264', '-i', '-', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { input: stream, maxBuffer: 1 << 30 });
  if (decoded.error || decoded.status !== 0) throw new Error(`ffmpeg could not decode the stream: ${decoded.error?.message ?? decoded.stderr.toString().slice(-500)}`);
  const frameBytes = width * height;
  return Array.from({ length: Math.floor(decoded.stdout.length / frameBytes) }, (_, i) => decoded.stdout.subarray(i * frameBytes, (i + 1) * frameBytes));
}
