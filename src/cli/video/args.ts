// Command-line parsing for `frame-processor video`: options validated once, usage errors as
// UsageError naming the option.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { numberOption, parseCommandLine } from '../../core/command-line';
import { UsageError } from '../../core/errors';
import { BLUR_MODIFIER_RULES, FRAME_DEFAULTS, type NumberRule } from '../../core/settings';
import type { BlurMethod } from '../../core/reduction';
import { DEFAULT_FRAME_RATE, MAX_FRAME_RATE } from '../../tracking/manifest';
import { DEFAULT_QP } from '../../video/h264';
import { QP_RULE } from '../../video/stitch/settings';
import { blurSettings, CONCURRENCY_RULE } from '../args';
import { isBucketName } from '../../lambda/config';
import { isS3Url } from '../s3-location';

/** Frames per second, as capture.json accepts them (toFrameRate needs at least 0.001). */
export const FPS_RULE: NumberRule = { min: 0.001, max: MAX_FRAME_RATE };

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  fps: { type: 'string' },
  qp: { type: 'string' },
  'blur-modifier': { type: 'string' },
  'blur-method': { type: 'string' },
  'edge-maps': { type: 'boolean' },
  'dump-yuv': { type: 'string' },
  concurrency: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const VIDEO_USAGE = `usage: frame-processor video <folder|s3://bucket/prefix> --out <file.mp4|s3://bucket/key.mp4> [--fps N] [--qp N] [--blur-modifier N] [--blur-method fast|exact] [--edge-maps] [--dump-yuv FILE] [--concurrency N]

  <input>            one video's frames: the <name>.<index>.jpg files directly in a folder or under an
                     S3 prefix, in the order of their index (gaps are filled as the edge video fills them)
  --out FILE         the edge video: an .mp4 file, or s3://bucket/key.mp4 (written whole, or not at all)
  --fps N            frames per second (default: capture.json's frameRate beside the frames, else ${DEFAULT_FRAME_RATE})
  --qp N             H.264 quantiser, 0 (best) .. 51 (default ${DEFAULT_QP})
  --blur-modifier N  as for frames: sigma = width * height / 3630000 * N; 0 = no blur (default ${FRAME_DEFAULTS.blurModifier};
                     at most ${BLUR_MODIFIER_RULES.fast.max} fast, ${BLUR_MODIFIER_RULES.exact.max} exact)
  --blur-method M    as for frames: fast (default) or exact
  --edge-maps        the inputs are edge maps already (<name>.<index>.jpg|jpeg|png), not frames
  --dump-yuv FILE    also write the encoder's reconstructed pictures: 8-bit luma, frame after frame, at
                     the video's size (what every conforming decoder must output, bit for bit)
  --concurrency N    threads computing edge maps, and threads encoding (default: number of cores)

  Exit codes: 0 the video is written, every frame with its own edge map; 1 written with fills (frames
  missing or failed, each named), or no video (the reason on stderr); 2 a usage error; 130 Ctrl-C.`;

export type VideoOut = { kind: 'file'; path: string } | { kind: 's3'; bucket: string; key: string; url: string };

export interface VideoOptions {
  input: string;
  out: VideoOut;
  /** Given with --fps; otherwise capture.json's, or 30. */
  fps?: number;
  qp: number;
  blurModifier: number;
  blurMethod: BlurMethod;
  edgeMaps: boolean;
  dumpYuv?: string;
  concurrency: number;
}

/** Parses argv (after `video`); throws UsageError. `--help` is returned as null. */
export function parseVideoArgs(argv: string[]): VideoOptions | null {
  const { values, positionals } = parseCommandLine({ args: argv, allowPositionals: true, options: OPTIONS });
  if (values.help) return null;
  if (positionals.length === 0) throw new UsageError('no input given: a folder or s3://bucket/prefix of one video\'s frames');
  if (positionals.length > 1) throw new UsageError(`one input only (one video's frames), got ${positionals.length}: ${positionals.join(' ')}`);
  if (!values.out) throw new UsageError('--out <file.mp4|s3://bucket/key.mp4> is required');
  const out = videoOut(values.out);
  const dumpYuv = values['dump-yuv'];
  if (dumpYuv !== undefined && (dumpYuv === '' || isS3Url(dumpYuv))) throw new UsageError(`--dump-yuv must be a file on this machine, got ${JSON.stringify(dumpYuv)}`);
  if (dumpYuv !== undefined && out.kind === 'file' && resolve(dumpYuv) === resolve(out.path)) throw new UsageError(`--dump-yuv ${dumpYuv} is the --out file`);
  return {
    input: positionals[0],
    out,
    fps: values.fps === undefined ? undefined : numberOption('--fps', values.fps, DEFAULT_FRAME_RATE, FPS_RULE),
    qp: numberOption('--qp', values.qp, DEFAULT_QP, QP_RULE),
    ...blurSettings(values['blur-modifier'], values['blur-method']),
    edgeMaps: values['edge-maps'] === true,
    dumpYuv,
    concurrency: numberOption('--concurrency', values.concurrency, availableParallelism(), CONCURRENCY_RULE),
  };
}

/** An .mp4 file, or an s3:// object whose key ends in .mp4: anything else is most likely a folder meant for frames. */
function videoOut(text: string): VideoOut {
  if (!/\.mp4$/i.test(text)) throw new UsageError(`--out ${text}: the edge video is an MP4: give a name ending in .mp4`);
  if (!isS3Url(text)) return { kind: 'file', path: text };
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  if (!isBucketName(bucket)) throw new UsageError(`--out ${text}: "${bucket}" is not an S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens)`);
  if (key === '' || key.startsWith('/')) throw new UsageError(`--out ${text}: no object key after the bucket (write s3://${bucket}/<key>.mp4)`);
  return { kind: 's3', bucket, key, url: text };
}
