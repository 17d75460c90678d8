// The edge video's figures in `npm run bench`: the H.264 encoder (bench/h264.ts, against libx264)
// and the stitch (bench/stitch.ts: frames/s per vCPU, a local stitch, the Lambda estimate), each
// run as its own script in a fresh process, as `npm run bench:h264` and `node dist/bench/stitch.js`
// run them: their CPU-time figures then cover that work alone, and neither shares a WebAssembly
// instance or a heap with the frame figures measured before. Their progress lines pass through.
import { spawnSync } from 'node:child_process';
import { extname, join } from 'node:path';
import type { BenchArgs } from './args';
import type { H264BenchResult } from './h264-report';
import type { PeerOutcome } from './results';
import type { StitchBenchResult } from './stitch-report';

export interface VideoFigures {
  h264: PeerOutcome<H264BenchResult>;
  stitch: PeerOutcome<StitchBenchResult>;
}

export function measureVideo(args: BenchArgs, log: (line: string) => void): VideoFigures {
  if (!args.video) {
    const skipped = { ran: false as const, reason: 'skipped (--no-video)' };
    return { h264: skipped, stitch: skipped };
  }
  const frames = args.videoFrames === undefined ? [] : ['--frames', String(args.videoFrames)];
  const runs = args.videoRuns === undefined ? [] : ['--runs', String(args.videoRuns)];
  const x264Runs = args.videoRuns === undefined ? [] : ['--x264-runs', String(args.videoRuns)];
  const encodeFrames = args.videoFrames === undefined ? [] : ['--encode-frames', String(Math.max(2, args.videoFrames))];
  log('H.264 encoder figures (bench/h264.ts)');
  const h264 = runScript<H264BenchResult>('h264', [...frames, ...runs, ...x264Runs]);
  log('edge video stitch figures (bench/stitch.ts)');
  const stitch = runScript<StitchBenchResult>('stitch', [...encodeFrames, ...frames, ...runs]);
  return { h264, stitch };
}

/** Runs bench/<name> with --json in a fresh process; its report, or why there is none. */
export function runScript<T>(name: string, args: string[]): PeerOutcome<T> {
  const script = join(__dirname, `${name}${extname(__filename)}`);
  // execArgv carries a TypeScript loader along when the bench itself runs under tsx.
  // The SDK's warning that its 2027 releases need Node 22 is noise in a bench on Node 20.
  const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env };
  const child = spawnSync(process.execPath, [...process.execArgv, script, ...args, '--json'], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (child.error) return { ran: false, reason: `failed: ${child.error.message}` };
  if (child.status !== 0) return { ran: false, reason: `failed: ${name} exited with ${child.status} (its error is above)` };
  try {
    return { ran: true, result: JSON.parse(child.stdout) as T };
  } catch (error) {
    return { ran: false, reason: `failed: ${name} printed no JSON report: ${(error as Error).message}` };
  }
}
