// Test H.264 from Debian's ffmpeg/libx264: index-encoding grey frames (./index-frames) encoded as
// one segment (an IDR first, I and P frames only), returned as AVCC samples plus SPS/PPS, the
// shape our own encoder hands the muxer. An independent encoder is a fair input for the muxer.
import { spawn } from 'node:child_process';
import { annexBToAvcc, type AvccStream } from './annexb';
import { indexFrame } from './index-frames';

export interface X264Segment {
  width: number;
  height: number;
  /** Index shown by the first frame (frames show firstFrame, firstFrame + 1, ...). */
  firstFrame?: number;
  frameCount: number;
  /** Written into the SPS's timing info; the MP4's own timing is the muxer's. */
  frameRate?: string;
  /** An IDR every this many frames (the first frame is always one). */
  keyframeInterval?: number;
  /** Constant quantiser (lower = bigger, sharper); default 26. */
  qp?: number;
  profile?: 'baseline' | 'high';
  /** libx264 preset; ultrafast makes big test files fastest. */
  preset?: 'ultrafast' | 'veryfast';
  /** Noise below the bars, to make big frames. */
  noise?: boolean;
}

/** Encodes the frames with libx264 and splits the Annex B output into AVCC samples. */
export async function encodeWithX264(segment: X264Segment): Promise<AvccStream> {
  const { width, height, frameCount } = segment;
  const first = segment.firstFrame ?? 0;
  const interval = segment.keyframeInterval ?? 100_000;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${width}x${height}`, '-framerate', segment.frameRate ?? '30', '-i', 'pipe:0',
    '-c:v', 'libx264', '-preset', segment.preset ?? 'veryfast', ...(segment.preset === 'ultrafast' ? [] : ['-profile:v', segment.profile ?? 'high']), '-threads', '1',
    '-x264-params', `keyint=${interval}:min-keyint=${interval}:scenecut=0:bframes=0:qp=${segment.qp ?? 26}`,
    '-pix_fmt', 'yuv420p', '-bsf:v', 'h264_mp4toannexb', '-f', 'h264', 'pipe:1',
  ];
  const child = spawn('ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const output: Buffer[] = [];
  const errors: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`cannot run ffmpeg (apt-get install -y ffmpeg): ${error.message}`)));
    child.on('close', (code) => resolve(code ?? -1));
  });
  child.stdin.on('error', () => undefined); // a failing ffmpeg closes its input; its exit code reports why
  for (let i = 0; i < frameCount; i++) {
    const frame = indexFrame(width, height, first + i, { noise: segment.noise });
    if (!child.stdin.write(frame)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  }
  child.stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`ffmpeg exited with ${code}: ${Buffer.concat(errors).toString()}`);
  const stream = annexBToAvcc(Buffer.concat(output));
  if (stream.samples.length !== frameCount) throw new Error(`libx264 gave ${stream.samples.length} samples for ${frameCount} frames`);
  return stream;
}
