// A video file into frames with the machine's own ffmpeg: its frame rate from ffprobe, then every
// frame as a JPEG `frame.<7-digit index>.jpg` numbered from 0, one per decoded frame (no frame
// dropped or repeated), at the source rate. Without ffmpeg on PATH, `ffmpegProblem` says why.
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_FRAME_RATE } from '../../tracking/manifest';
import { ViewerRequestError } from './errors';

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

export const SYSTEM_FFMPEG: FfmpegTools = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe' };

/** Why a video file cannot be turned into frames here (ffmpeg or ffprobe missing), or undefined. */
export async function ffmpegProblem(tools: FfmpegTools): Promise<string | undefined> {
  for (const tool of [tools.ffmpeg, tools.ffprobe]) {
    const ran = await run(tool, ['-version']).catch((error: NodeJS.ErrnoException) => error);
    if (ran instanceof Error) {
      const why = ran.code === 'ENOENT' ? 'is not on PATH' : `cannot run (${ran.message})`;
      return `${tool} ${why}: a video file needs ffmpeg and ffprobe to become frames (Debian: apt-get install ffmpeg); a folder of JPEG frames uploads without them`;
    }
  }
  return undefined;
}

/** Frames of the video file `input` written into `folder`; returns them in order and the frame rate. */
export async function videoToFrames(tools: FfmpegTools, input: string, name: string, folder: string): Promise<{ frames: { name: string; bytes: Buffer }[]; frameRate: number }> {
  const probe = await run(tools.ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=avg_frame_rate,r_frame_rate', '-of', 'json', input]).catch((error: Error) => {
    throw new ViewerRequestError(400, `not a video ffprobe can read: ${lastLine(error.message)}`, name);
  });
  const frameRate = rateOf(probe, name);
  await run(tools.ffmpeg, ['-v', 'error', '-nostdin', '-i', input, '-map', '0:v:0', '-fps_mode', 'passthrough', '-q:v', '2', '-start_number', '0', join(folder, 'frame.%07d.jpg')]).catch((error: Error) => {
    throw new ViewerRequestError(400, `ffmpeg could not turn it into frames: ${lastLine(error.message)}`, name);
  });
  const files = (await readdir(folder)).filter((file) => /^frame\.\d{7}\.jpg$/.test(file)).sort();
  if (files.length === 0) throw new ViewerRequestError(400, 'ffmpeg found no video frames in it', name);
  return { frames: await Promise.all(files.map(async (file) => ({ name: file, bytes: await readFile(join(folder, file)) }))), frameRate };
}

/** The first video stream's average frame rate (else its base rate), e.g. "30000/1001" -> 29.97. */
function rateOf(probe: string, name: string): number {
  const stream = (JSON.parse(probe) as { streams?: { avg_frame_rate?: string; r_frame_rate?: string }[] }).streams?.[0];
  if (!stream) throw new ViewerRequestError(400, 'has no video stream', name);
  for (const text of [stream.avg_frame_rate, stream.r_frame_rate]) {
    const [num, den] = (text ?? '').split('/').map(Number);
    const rate = num / (den || 1);
    if (Number.isFinite(rate) && rate > 0 && rate <= MAX_FRAME_RATE) return Math.round(rate * 1000) / 1000;
  }
  throw new ViewerRequestError(400, `has no usable frame rate (ffprobe says ${stream.avg_frame_rate ?? 'nothing'})`, name);
}

/** Runs `command`; resolves with its stdout, rejects with its stderr when it exits non-zero. */
function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err.trim() || `exit code ${code}`))));
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? text;
}
