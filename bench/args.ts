// Command line of `npm run bench -- [options]`.
import { parseArgs } from 'node:util';
import { describeRule, parseNumber } from '../src/core/settings';
import { SIZE_NAMES, type SizeName } from './frames';

export const BENCH_USAGE = `usage: npm run bench -- [options]

  --runs N          warm runs per measurement, median reported (default 10, at least 1)
  --ref-runs N      runs of the slow pure-TypeScript reference pipeline (default: --runs, but at most 3 for 4k)
  --sizes LIST      comma-separated frame sizes: ${SIZE_NAMES.join(',')} (default: all)
  --json            print one JSON document instead of tables
  --rust PATH       also time the original Rust program (seed-sobel binary, run with --timing)
  --opencv          also time an OpenCV + libjpeg-turbo pipeline (python3 with cv2 needed)
  --python PATH     python interpreter for --opencv (default: the first of python3, /usr/bin/python3 with cv2)
  --frames DIR      folder with frame-<W>x<H>.jpg files (default: bench/frames)
  --cold-runs N     fresh processes for the cold-start figure, median reported (default 3)
  --cli-frames N    copies of the 1080p frame for the CLI throughput test; 0 skips it (default 20)
  --tracking-frames N  frames timed with and without per-video tracking (s3rver + dynalite); 0 skips it (default 512)
  --no-video        skip the edge video's figures (bench/h264.ts and bench/stitch.ts in fresh processes: 2-3 minutes on 2 cores)
  --video-frames N  frames of the H.264 sequence and of the stitch's video (default: theirs, 60 and 600; at least 2)
  --video-runs N    runs behind each of their medians (default: theirs, 5 and 3)
  --limits          only measure the figures the per-frame limits are set from (src/core/frame-cost.ts)`;

export interface BenchArgs {
  runs: number;
  /** undefined: --runs, capped at 3 for 4K (one 4K reference run takes ~8 s). */
  refRuns?: number;
  sizes: SizeName[];
  json: boolean;
  rust?: string;
  opencv: boolean;
  python?: string;
  framesDir?: string;
  coldRuns: number;
  cliFrames: number;
  trackingFrames: number;
  /** The edge video's figures (H.264 encoder, stitch); --no-video skips them. */
  video: boolean;
  videoFrames?: number;
  videoRuns?: number;
  limits: boolean;
}

/** Parsed options, or null for --help; throws Error with a readable message on bad input. */
export function parseBenchArgs(argv: string[]): BenchArgs | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      runs: { type: 'string' },
      'ref-runs': { type: 'string' },
      sizes: { type: 'string' },
      json: { type: 'boolean' },
      rust: { type: 'string' },
      opencv: { type: 'boolean' },
      python: { type: 'string' },
      frames: { type: 'string' },
      'cold-runs': { type: 'string' },
      'cli-frames': { type: 'string' },
      'tracking-frames': { type: 'string' },
      'no-video': { type: 'boolean' },
      'video-frames': { type: 'string' },
      'video-runs': { type: 'string' },
      limits: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const runs = count('--runs', values.runs, 10, 1);
  return {
    runs,
    refRuns: values['ref-runs'] === undefined ? undefined : count('--ref-runs', values['ref-runs'], runs, 1),
    sizes: sizes(values.sizes),
    json: values.json ?? false,
    rust: values.rust,
    opencv: values.opencv ?? false,
    python: values.python,
    framesDir: values.frames,
    coldRuns: count('--cold-runs', values['cold-runs'], 3, 1),
    cliFrames: count('--cli-frames', values['cli-frames'], 20, 0),
    trackingFrames: count('--tracking-frames', values['tracking-frames'], 512, 0),
    video: !values['no-video'],
    videoFrames: values['video-frames'] === undefined ? undefined : count('--video-frames', values['video-frames'], 0, 2),
    videoRuns: values['video-runs'] === undefined ? undefined : count('--video-runs', values['video-runs'], 0, 1),
    limits: values.limits ?? false,
  };
}

function count(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const rule = { integer: true, min };
  const value = parseNumber(text, rule);
  if (value === undefined) throw new Error(`${flag} must be ${describeRule(rule)}, got ${JSON.stringify(text)}`);
  return value;
}

function sizes(text: string | undefined): SizeName[] {
  if (text === undefined) return [...SIZE_NAMES];
  const names = text.split(',').map((s) => s.trim().toLowerCase());
  for (const name of names) {
    if (!(SIZE_NAMES as readonly string[]).includes(name)) throw new Error(`--sizes: unknown size ${JSON.stringify(name)} (known: ${SIZE_NAMES.join(', ')})`);
  }
  return names as SizeName[];
}

/** Runs of the reference pipeline for a size: --ref-runs, else --runs (at most 3 at 4K). */
export function referenceRuns(args: BenchArgs, size: SizeName): number {
  return args.refRuns ?? (size === '4k' ? Math.min(3, args.runs) : args.runs);
}
