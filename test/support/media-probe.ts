// What Debian's ffprobe and ffmpeg make of a video file: stream facts, per-packet keyframe flags,
// and every decoded frame as 8-bit grey.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs an ffmpeg tool; a missing tool fails with the package that provides it. */
async function run(tool: 'ffprobe' | 'ffmpeg', args: string[], options: { maxBuffer: number; encoding?: 'buffer' }): Promise<{ stdout: Buffer }> {
  try {
    const { stdout } = await execFileAsync(tool, args, { ...options, encoding: 'buffer' });
    return { stdout };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${tool} is not installed: apt-get install -y ffmpeg`);
    throw error;
  }
}
const BIG_OUTPUT = { maxBuffer: 1 << 30, encoding: 'buffer' as const };

export interface ProbedStream {
  codec: string;
  profile: string;
  width: number;
  height: number;
  avgFrameRate: string;
  rFrameRate: string;
  timeBase: string;
  /** Frames counted by decoding (-count_frames). */
  frameCount: number;
  /** Seconds, from the stream (the track's duration). */
  duration: number;
  /** Seconds, from the container (the movie's duration). */
  formatDuration: number;
  /** Presentation times (seconds) of the packets flagged as keyframes. */
  keyframeTimes: number[];
  packetCount: number;
}

export async function probeVideo(path: string): Promise<ProbedStream> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_streams', '-show_format', '-show_packets', '-of', 'json', path], { maxBuffer: 1 << 28 });
  const probed = JSON.parse(stdout.toString('utf8')) as {
    streams: Array<Record<string, string | number>>;
    format: { duration: string };
    packets: Array<{ pts_time: string; flags: string }>;
  };
  const stream = probed.streams[0];
  return {
    codec: String(stream.codec_name),
    profile: String(stream.profile),
    width: Number(stream.width),
    height: Number(stream.height),
    avgFrameRate: String(stream.avg_frame_rate),
    rFrameRate: String(stream.r_frame_rate),
    timeBase: String(stream.time_base),
    frameCount: Number(stream.nb_read_frames),
    duration: Number(stream.duration),
    formatDuration: Number(probed.format.duration),
    keyframeTimes: probed.packets.filter((packet) => packet.flags.startsWith('K')).map((packet) => Number(packet.pts_time)),
    packetCount: probed.packets.length,
  };
}

/** Every frame ffmpeg decodes from the file, in output order, as width*height grey bytes. */
export async function decodeGreyFrames(path: string, width: number, height: number): Promise<Uint8Array[]> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'gray', '-vsync', 'passthrough', 'pipe:1'], BIG_OUTPUT);
  const frameBytes = width * height;
  if (stdout.length % frameBytes !== 0) throw new Error(`decoded ${stdout.length} bytes, not a whole number of ${width}x${height} frames`);
  return Array.from({ length: stdout.length / frameBytes }, (_, i) => stdout.subarray(i * frameBytes, (i + 1) * frameBytes));
}
