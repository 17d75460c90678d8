// The H.264 baseline: libx264 through Debian's ffmpeg as a child process, one thread, constant QP,
// the same GOP (an IDR picture every `gop` frames, no B frames) and full-range 4:2:0 like ours.
// Its CPU time comes from ffmpeg's -benchmark line (user + system seconds of the process).
import { spawnSync } from 'node:child_process';
import { psnr } from './h264-sequence';

export interface X264Point {
  qp: number;
  bytes: number;
  psnrMean: number;
  cpuSeconds: number;
}

export interface X264Match {
  version: string;
  preset: string;
  /** The two QPs whose mean PSNR brackets the target (equal when one hits it exactly or the search ran out). */
  below: X264Point;
  above: X264Point;
  /** Bytes and CPU seconds interpolated (bytes in log scale) to the target PSNR. */
  bytesAtTarget: number;
  cpuSecondsAtTarget: number;
}

/** ffmpeg's version line when it runs and has libx264, else null. */
export function x264Version(): string | null {
  const version = spawnSync('ffmpeg', ['-hide_banner', '-version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return null;
  const encoders = spawnSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  if (!/libx264/.test(encoders.stdout ?? '')) return null;
  return `ffmpeg ${/ffmpeg version (\S+)/.exec(version.stdout)?.[1] ?? 'unknown'}`;
}

/** One x264 encode of the planes at `qp`, measured. */
export function encodeX264(planes: Uint8Array[], width: number, height: number, qp: number, gop: number, preset: string): X264Point {
  const input = Buffer.concat(planes);
  const args = ['-hide_banner', '-nostats', '-benchmark', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-r', '30', '-i', '-'];
  args.push('-c:v', 'libx264', '-preset', preset, '-threads', '1', '-qp', String(qp), '-g', String(gop), '-bf', '0', '-pix_fmt', 'yuvj420p', '-f', 'h264', '-');
  const run = spawnSync('ffmpeg', args, { input, maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`ffmpeg libx264 failed: ${run.stderr.toString().slice(-500)}`);
  const bench = /bench: utime=([\d.]+)s stime=([\d.]+)s/.exec(run.stderr.toString());
  if (!bench) throw new Error('ffmpeg printed no -benchmark line');
  const decoded = decodeGray(run.stdout, width, height);
  const scores = planes.map((plane, i) => psnr(plane, width, height, decoded[i], width));
  return { qp, bytes: run.stdout.length, psnrMean: scores.reduce((a, b) => a + b, 0) / scores.length, cpuSeconds: Number(bench[1]) + Number(bench[2]) };
}

/** The luma of every picture of an Annex B stream as ffmpeg decodes it (`-err_detect explode`: a stream error fails), each width x height. */
export function decodeGray(stream: Uint8Array, width: number, height: number): Uint8Array[] {
  const decoded = spawnSync('ffmpeg', ['-v', 'error', '-err_detect', 'explode', '-f', 'h264', '-i', '-', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { input: stream, maxBuffer: 1 << 30 });
  if (decoded.error || decoded.status !== 0) throw new Error(`ffmpeg could not decode the stream: ${decoded.error?.message ?? decoded.stderr.toString().slice(-500)}`);
  const frameBytes = width * height;
  return Array.from({ length: Math.floor(decoded.stdout.length / frameBytes) }, (_, i) => decoded.stdout.subarray(i * frameBytes, (i + 1) * frameBytes));
}

/** Walks x264's QP from `startQp` until two neighbouring QPs bracket `targetPsnr`, then interpolates. */
export function matchX264(planes: Uint8Array[], width: number, height: number, gop: number, targetPsnr: number, startQp: number, preset = 'ultrafast'): X264Match {
  const version = x264Version();
  if (!version) throw new Error('ffmpeg with libx264 not found (apt-get install -y ffmpeg)');
  const points = new Map<number, X264Point>();
  const at = (qp: number) => points.get(qp) ?? points.set(qp, encodeX264(planes, width, height, qp, gop, preset)).get(qp)!;
  let qp = startQp;
  const direction = at(qp).psnrMean >= targetPsnr ? 1 : -1; // higher QP lowers PSNR
  while (qp + direction >= 0 && qp + direction <= 51 && Math.abs(qp - startQp) < 12) {
    const next = at(qp + direction);
    if ((next.psnrMean >= targetPsnr) !== (at(qp).psnrMean >= targetPsnr)) break;
    qp += direction;
  }
  const a = at(qp), b = points.get(qp + direction) ?? a;
  const [above, below] = a.psnrMean >= b.psnrMean ? [a, b] : [b, a];
  const span = above.psnrMean - below.psnrMean;
  const t = span > 0 ? Math.min(1, Math.max(0, (targetPsnr - below.psnrMean) / span)) : 0;
  return {
    version,
    preset,
    below,
    above,
    bytesAtTarget: Math.exp(Math.log(below.bytes) + t * (Math.log(above.bytes) - Math.log(below.bytes))),
    cpuSecondsAtTarget: below.cpuSeconds + t * (above.cpuSeconds - below.cpuSeconds),
  };
}
