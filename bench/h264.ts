// `npm run bench:h264`: the H.264 encoder on real moving edge maps (1080p, other sizes on request),
// one thread, against libx264 at presets ultrafast, veryfast and medium in the same run: PSNR-Y of
// every stream as ffmpeg decodes it, bitrate at equal PSNR (Bjontegaard delta rate over a QP sweep,
// and at our default QP's PSNR) and speed in CPU time. Two sequences: a slow pan and zoom of raw
// edge maps, and the video command's edge maps of a fast tilt. See bench/README.md.
import { DEFAULT_FRAME_RATE, DEFAULT_QP } from '../src/video/h264/encoder';
import { loadFrame, SIZE_NAMES, SIZE_PIXELS, type SizeName } from './frames';
import { brackets, compareCurves, pointAt, type CurvePoint } from './h264-compare';
import { measurePoint, timeEncodes, type OursPoint } from './h264-ours';
import { formatH264Report, type H264BenchResult, type H264SequenceResult, type PresetResult } from './h264-report';
import { movingCliEdgeMaps, panningEdgeMaps, type EdgeMap } from './h264-sequence';
import { encodeX264, x264Version, X264_PRESETS, yuv420, type X264Preset } from './h264-x264';
import { describeMachine } from './machine';

const SEQUENCE_NAMES = ['pan', 'tilt'] as const;
type SequenceName = (typeof SEQUENCE_NAMES)[number];
/** The tilt's speed: 50 px a frame down (bouncing at the photograph's edges), as the video command's tests move frames. */
const TILT_PIXELS = 50;

const USAGE = `usage: npm run bench:h264 -- [--frames N] [--runs N] [--x264-runs N] [--qp Q] [--qps L] [--sizes L] [--sequences L] [--presets L] [--no-x264] [--json]
  --frames N      frames per sequence: one IDR picture, then P pictures (default 60: 2 s at 30 frames/s)
  --runs N        timed encodes of each sequence at the default QP behind our medians (default 5, after 1 warm-up)
  --x264-runs N   encodes behind each libx264 point's CPU-time median (default 3)
  --qp Q          the default QP: speed and equal-PSNR ratios are taken there (default ${DEFAULT_QP}, the encoder's)
  --qps L         QPs of the rate-quality curves, at least 4 (default 22,25,28,31,34)
  --sizes L       of ${SIZE_NAMES.join(', ')} (default 1080p)
  --sequences L   of ${SEQUENCE_NAMES.join(', ')} (default both)
  --presets L     libx264 presets (default ${X264_PRESETS.join(',')})
  --no-x264       skip the libx264 peer`;

interface Args {
  frames: number;
  runs: number;
  x264Runs: number;
  qp: number;
  qps: number[];
  sizes: SizeName[];
  sequences: SequenceName[];
  presets: X264Preset[];
  x264: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { frames: 60, runs: 5, x264Runs: 3, qp: DEFAULT_QP, qps: [22, 25, 28, 31, 34], sizes: ['1080p'], sequences: [...SEQUENCE_NAMES], presets: [...X264_PRESETS], x264: true, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const integer = (text: string, min: number, max: number) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer ${min}..${max}, not ${text}`);
      return n;
    };
    const list = <T extends string>(known: readonly T[]) => value().split(',').map((s) => {
      if (!(known as readonly string[]).includes(s)) throw new Error(`${flag}: unknown ${s} (${known.join(', ')})`);
      return s as T;
    });
    if (flag === '--frames') args.frames = integer(value(), 1, 10_000);
    else if (flag === '--runs') args.runs = integer(value(), 1, 1000);
    else if (flag === '--x264-runs') args.x264Runs = integer(value(), 1, 1000);
    else if (flag === '--qp') args.qp = integer(value(), 0, 51);
    else if (flag === '--qps') args.qps = [...new Set(value().split(',').map((q) => integer(q, 0, 51)))].sort((a, b) => a - b);
    else if (flag === '--sizes') args.sizes = list(SIZE_NAMES);
    else if (flag === '--sequences') args.sequences = list(SEQUENCE_NAMES);
    else if (flag === '--presets') args.presets = list(X264_PRESETS);
    else if (flag === '--no-x264') args.x264 = false;
    else if (flag === '--json') args.json = true;
    else throw new Error(`unknown option ${flag}`);
  }
  if (args.qps.length < 4) throw new Error('--qps needs 4 QPs at least (a cubic through each curve)');
  if (!args.qps.includes(args.qp)) args.qps = [...args.qps, args.qp].sort((a, b) => a - b);
  return args;
}

/** The sequence's edge maps and what they are, or why it cannot be made at this size. */
async function makeSequence(name: SequenceName, size: SizeName, frames: number): Promise<{ maps: EdgeMap[]; description: string } | string> {
  const { width, height } = SIZE_PIXELS[size];
  if (name === 'pan') {
    const frame = await loadFrame(size);
    const maps = await panningEdgeMaps(frame.bytes, width, height, frames);
    return { maps, description: `a slow pan and zoom across ${frame.synthetic ? 'a SYNTHETIC frame' : `bench/frames/frame-${width}x${height}.jpg`}, raw edge maps` };
  }
  const photo = await loadFrame('4k');
  if (photo.height <= height) return `a tilt needs a photograph taller than ${height} px`;
  const maps = await movingCliEdgeMaps(photo.path, width, height, frames, { dx: 0, dy: TILT_PIXELS });
  return { maps, description: `a tilt ${TILT_PIXELS} px a frame across ${photo.synthetic ? 'a SYNTHETIC frame' : 'bench/frames/frame-3840x2160.jpg'}, the video command's edge maps (JPEG as the function writes them)` };
}

async function measureSequence(name: SequenceName, size: SizeName, args: Args, log: (line: string) => void): Promise<H264SequenceResult | undefined> {
  const made = await makeSequence(name, size, args.frames);
  if (typeof made === 'string') {
    log(`${size} ${name}: not measured: ${made}`);
    return undefined;
  }
  const { maps, description } = made;
  const { width, height } = maps[0];
  log(`${size} ${name}: ours at QP ${args.qps.join(', ')}, then ${args.runs} timed runs at QP ${args.qp}`);
  const curve = args.qps.map((qp) => measurePoint(maps, qp, log));
  const timing = timeEncodes(maps, args.qp, args.runs);
  const target = { ...curve.find((p) => p.qp === args.qp)!, cpuSeconds: timing.cpuMs / 1000 };
  const seconds = args.frames / DEFAULT_FRAME_RATE;
  const ours = {
    curve,
    target,
    timing,
    cpuFramesPerSecond: args.frames / (timing.cpuMs / 1000),
    wallFramesPerSecond: args.frames / (timing.wallMs / 1000),
    megabitsPerSecond: (target.bytes * 8) / seconds / 1e6,
  };
  const result: H264SequenceResult = { name, description, width, height, frames: args.frames, keyframeInterval: target.keyframeInterval, ours, x264: { ran: false, reason: 'skipped (--no-x264)' } };
  if (!args.x264) return result;
  const version = x264Version();
  if (!version) return { ...result, x264: { ran: false, reason: 'ffmpeg with libx264 not found (apt-get install -y ffmpeg)' } };
  try {
    const presets = args.presets.map((preset) => {
      log(`${size} ${name}: libx264 ${preset}`);
      const points = x264Curve(maps, preset, target, args);
      const comparison = compareCurves(curve, target, points);
      const at = pointAt(points, target.psnrMean);
      return { preset, curve: points, comparison, megabitsPerSecondAtTarget: (at.bytes * 8) / seconds / 1e6, cpuFramesPerSecondAtTarget: args.frames / at.cpuSeconds } satisfies PresetResult;
    });
    return { ...result, x264: { ran: true, version, presets } };
  } catch (error) {
    return { ...result, x264: { ran: false, reason: (error as Error).message } };
  }
}

/** libx264's curve at the QPs, widened by up to two QPs on the side where it does not reach our default QP's PSNR. */
function x264Curve(maps: readonly EdgeMap[], preset: X264Preset, target: OursPoint, args: Args): CurvePoint[] {
  const { width, height } = maps[0];
  const planes = maps.map((m) => m.plane), pictures = yuv420(planes, width, height);
  const encode = (qp: number) => encodeX264(pictures, planes, width, height, qp, target.keyframeInterval, preset, args.x264Runs);
  const points = args.qps.map(encode);
  for (let extra = 1; extra <= 2; extra++) {
    const reach = brackets(points, target.psnrMean);
    if (reach.below && reach.above) break;
    const qp = reach.above ? Math.max(...args.qps) + 3 * extra : Math.min(...args.qps) - 3 * extra; // higher QP, lower PSNR
    if (qp < 0 || qp > 51) break;
    points.push(encode(qp));
  }
  return points;
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`bench:h264: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`bench:h264: ${line}\n`);
  const result: H264BenchResult = { machine: describeMachine(), qp: args.qp, qps: args.qps, runs: args.runs, x264Runs: args.x264Runs, frameRate: DEFAULT_FRAME_RATE, sizes: [] };
  for (const size of args.sizes) {
    const sequences: H264SequenceResult[] = [];
    for (const name of args.sequences) {
      const measured = await measureSequence(name, size, args, log);
      if (measured) sequences.push(measured);
    }
    result.sizes.push({ size, sequences });
  }
  process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatH264Report(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench:h264: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
