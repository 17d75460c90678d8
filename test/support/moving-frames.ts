// A video's frames made in the test from a real photograph (bench/moving-frames.ts: a window moving
// a fixed number of pixels per frame, each frame a JPEG at quality 90 as a capture stores it), named
// as frame capture names them (`<name>.<7-digit index>.jpg`). And what ffmpeg decodes of the edge
// video, luma only, without any conversion.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
export { movingFrames, type Motion } from '../../bench/moving-frames';

export const PHOTO_4K = join(__dirname, '../../bench/frames/frame-3840x2160.jpg');
export const PHOTO_1080P = join(__dirname, '../../bench/frames/frame-1920x1080.jpg');

/** The frame capture's name of frame `index`. */
export const frameName = (index: number, name = 'clip') => `${name}.${String(index).padStart(7, '0')}.jpg`;

/** Writes frame i as `<dir>/<frameName(i)>` (undefined: no file); returns the folder. */
export function writeVideoFrames(dir: string, frames: readonly (Uint8Array | undefined)[]): string {
  mkdirSync(dir, { recursive: true });
  frames.forEach((frame, index) => frame && writeFileSync(join(dir, frameName(index)), frame));
  return dir;
}

/**
 * Every picture ffmpeg decodes from the MP4, luma only as the decoder outputs it (its own 4:2:0
 * format, no conversion), with -err_detect explode: a stream error fails instead of concealing.
 */
export function decodeLuma(path: string, width: number, height: number): Buffer[] {
  const result = spawnSync('ffmpeg', ['-v', 'error', '-err_detect', 'explode', '-i', path, '-f', 'rawvideo', '-'], { maxBuffer: 1 << 30 });
  if (result.error) throw new Error(`ffmpeg does not run (${result.error.message}): apt-get install -y ffmpeg`);
  const errors = result.stderr.toString();
  if (result.status !== 0 || errors.trim() !== '') throw new Error(`ffmpeg reported: ${errors || `exit ${result.status}`}`);
  const chromaWidth = Math.ceil(width / 2);
  const frameBytes = width * height + 2 * chromaWidth * Math.ceil(height / 2);
  if (result.stdout.length % frameBytes !== 0) throw new Error(`ffmpeg wrote ${result.stdout.length} bytes, not a whole number of ${width}x${height} 4:2:0 pictures`);
  return Array.from({ length: result.stdout.length / frameBytes }, (_, i) => result.stdout.subarray(i * frameBytes, i * frameBytes + width * height));
}

/** Splits a --dump-yuv file into its width x height pictures. */
export function dumpPictures(dump: Buffer, width: number, height: number): Buffer[] {
  const bytes = width * height;
  if (dump.length % bytes !== 0) throw new Error(`the dump holds ${dump.length} bytes, not a whole number of ${width}x${height} pictures`);
  return Array.from({ length: dump.length / bytes }, (_, i) => dump.subarray(i * bytes, (i + 1) * bytes));
}
