// Decoding and probing H.264 Annex B streams with the real ffmpeg/ffprobe (Debian's), as child
// processes. Decoding runs with `-err_detect explode`: anything the decoder finds wrong in the
// stream aborts it, instead of being concealed. Missing tools are a failure naming the package,
// never a skip.
import { spawnSync } from 'node:child_process';

export interface DecodedPicture {
  /** Luma, width x height. */
  y: Uint8Array;
  /** Both chroma planes, (width / 2) x (height / 2) each. */
  u: Uint8Array;
  v: Uint8Array;
}

export interface ProbedStream {
  profile: string;
  level: number;
  width: number;
  height: number;
  pixFmt: string;
  colorRange: string;
  frames: number;
  /** Per decoded frame: I or P, and whether it is a key frame. */
  pictTypes: string[];
  keyFrames: boolean[];
}

/** Throws a clear error unless ffmpeg and ffprobe run. */
export function requireFfmpeg(): void {
  for (const tool of ['ffmpeg', 'ffprobe']) {
    const result = spawnSync(tool, ['-version'], { encoding: 'utf8' });
    if (result.error || result.status !== 0) {
      throw new Error(`${tool} is not installed or does not run (${result.error?.message ?? `exit ${result.status}`}): the H.264 tests decode with the real ffmpeg; install it with \`apt-get install -y ffmpeg\``);
    }
  }
}

/** ffprobe's view of the stream: profile, level, size, pixel format, and every frame's type. */
export function probeH264(stream: Uint8Array): ProbedStream {
  const result = spawnSync(
    'ffprobe',
    ['-v', 'error', '-f', 'h264', '-show_streams', '-show_frames', '-show_entries', 'stream=profile,level,width,height,pix_fmt,color_range:frame=pict_type,key_frame', '-of', 'json', '-'],
    { input: stream, maxBuffer: 1 << 28 },
  );
  if (result.status !== 0) throw new Error(`ffprobe failed: ${result.stderr.toString()}`);
  const json = JSON.parse(result.stdout.toString()) as { streams: Record<string, string | number>[]; frames: { pict_type: string; key_frame: number }[] };
  const s = json.streams[0];
  return {
    profile: String(s.profile),
    level: Number(s.level),
    width: Number(s.width),
    height: Number(s.height),
    pixFmt: String(s.pix_fmt),
    colorRange: String(s.color_range),
    frames: json.frames.length,
    pictTypes: json.frames.map((f) => f.pict_type),
    keyFrames: json.frames.map((f) => f.key_frame === 1),
  };
}

/** Input options of every decode: a stream error stops ffmpeg (exit status != 0) instead of being concealed. */
const STRICT_INPUT = ['-v', 'error', '-err_detect', 'explode', '-f', 'h264', '-i', '-'];

/** Every picture as ffmpeg decodes it, in the decoder's own 4:2:0 format (no conversion); stderr must stay empty. */
export function decodeH264(stream: Uint8Array, width: number, height: number): DecodedPicture[] {
  const result = spawnSync('ffmpeg', [...STRICT_INPUT, '-f', 'rawvideo', '-'], { input: stream, maxBuffer: 1 << 30 });
  const errors = result.stderr.toString();
  if (result.status !== 0 || errors.trim() !== '') throw new Error(`ffmpeg reported: ${errors || `exit ${result.status}`}`);
  const lumaBytes = width * height, chromaBytes = (width / 2) * (height / 2);
  const frameBytes = lumaBytes + 2 * chromaBytes;
  const out = new Uint8Array(result.stdout.buffer, result.stdout.byteOffset, result.stdout.byteLength);
  if (out.length % frameBytes !== 0) throw new Error(`ffmpeg wrote ${out.length} bytes, not a whole number of ${width}x${height} 4:2:0 frames`);
  return Array.from({ length: out.length / frameBytes }, (_, i) => {
    const at = i * frameBytes;
    return {
      y: out.subarray(at, at + lumaBytes),
      u: out.subarray(at + lumaBytes, at + lumaBytes + chromaBytes),
      v: out.subarray(at + lumaBytes + chromaBytes, at + frameBytes),
    };
  });
}

/** Luma only, through `-pix_fmt gray`, the way other tools read greyscale video. */
export function decodeH264Gray(stream: Uint8Array): Uint8Array {
  const result = spawnSync('ffmpeg', [...STRICT_INPUT, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { input: stream, maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
  return new Uint8Array(result.stdout.buffer, result.stdout.byteOffset, result.stdout.byteLength);
}

export { psnr } from '../../bench/h264-sequence';
