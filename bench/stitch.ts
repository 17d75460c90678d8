// `node dist/bench/stitch.js` (the wiring step hooks it into `npm run bench`): the edge video's
// figures. 1) Frames per second per vCPU of a segment worker's loop (decode + encode) on real
// 1080p edge maps. 2) A local stitch with the same code: s3rver + dynalite, the planner, N segment
// workers on worker threads, the join. 3) From both, the wall time and dollars of a 10-minute
// 1080p30 video (18,000 frames) on Lambda, and the same for other segment lengths.
import { DEFAULT_QP } from '../src/video/h264';
import { DEFAULT_SEGMENT_FRAMES } from '../src/video/stitch/settings';
import { runChild } from './child-process';
import { describeMachine } from './machine';
import { median } from './stats';
import { edgeMapFiles, measureEncode } from './stitch-encode';
import { estimateStitch, requestCounts, type ModelInputs } from './stitch-model';
import { formatStitchReport, type StitchBenchResult } from './stitch-report';
import { simulateStitch } from './stitch-simulation';

const USAGE = `usage: node dist/bench/stitch.js [--encode-frames N] [--runs N] [--frames N] [--segment-frames N] [--parallel N] [--concurrency N] [--cpu-factor X] [--json]
  --encode-frames N   real 1080p edge maps in the per-vCPU measurement (default 60)
  --runs N            runs behind each median (default 3)
  --frames N          frames of the locally stitched video (default 600)
  --segment-frames N  STITCH_SEGMENT_FRAMES of the local stitch and the estimate (default ${DEFAULT_SEGMENT_FRAMES})
  --parallel N        worker threads running stitch tasks locally (default 2)
  --concurrency N     segment invocations at once on Lambda (default 100)
  --cpu-factor X      a Lambda vCPU is X times slower than this machine's core (default 1)`;

interface Args {
  encodeFrames: number;
  runs: number;
  frames: number;
  segmentFrames: number;
  parallel: number;
  concurrency: number;
  cpuFactor: number;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { encodeFrames: 60, runs: 3, frames: 600, segmentFrames: DEFAULT_SEGMENT_FRAMES, parallel: 2, concurrency: 100, cpuFactor: 1, json: false };
  const numeric: Record<string, [keyof Args, number, number]> = {
    '--encode-frames': ['encodeFrames', 2, 1000], '--runs': ['runs', 1, 100], '--frames': ['frames', 1, 100_000], '--segment-frames': ['segmentFrames', 1, 100_000],
    '--parallel': ['parallel', 1, 64], '--concurrency': ['concurrency', 1, 10_000], '--cpu-factor': ['cpuFactor', 0.1, 10],
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') {
      args.json = true;
      continue;
    }
    const rule = numeric[argv[i]];
    const value = Number(argv[++i]);
    if (!rule || !(value >= rule[1] && value <= rule[2])) throw new Error(`${argv[i - 1]} ${argv[i] ?? ''}: not an option or out of range\n${USAGE}`);
    (args[rule[0]] as number) = value;
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const progress = (line: string) => process.stderr.write(`stitch bench: ${line}\n`);
  const machine = describeMachine();
  progress(`making ${args.encodeFrames} real 1080p edge maps`);
  const maps = await edgeMapFiles(args.encodeFrames);
  progress('measuring decode + encode on one thread');
  const encode = await measureEncode(maps, args.runs);
  progress('measuring cold starts in fresh processes');
  const colds = Array.from({ length: args.runs }, () => runChild<{ processToReadyMs: number }>('child-stitch-cold', []));
  const coldStartMs = median(colds.map((cold) => cold.processToReadyMs));
  const runs = await simulateStitch(maps, { frames: args.frames, segmentFrames: args.segmentFrames, parallel: args.parallel, runs: args.runs, qp: DEFAULT_QP }, progress);
  const local = {
    frames: args.frames, segmentFrames: args.segmentFrames, parallel: args.parallel, runs,
    wallMs: median(runs.map((run) => run.wallMs)),
    expectedRequests: requestCounts({ frames: args.frames, segmentFrames: args.segmentFrames, concurrency: args.parallel }, runs[0].bytes, false),
  };
  const inputs: ModelInputs = {
    frameCpuMs: encode.frameCpuMs, cpuFactor: args.cpuFactor, coldStartMs,
    bytesPerFrame: median(runs.map((run) => run.bytes)) / args.frames,
    planBytesPerFrame: 20, // "frame.0000123.jpg", quoted, comma
  };
  const video = { frames: 18_000, concurrency: args.concurrency };
  const estimate = estimateStitch(inputs, { ...video, segmentFrames: args.segmentFrames });
  const alternatives = [60, 150, 300, 600, 1200, 1800].map((segmentFrames) => ({ segmentFrames, ...estimateStitch(inputs, { ...video, segmentFrames }) }));
  const result: StitchBenchResult = { machine, encode, coldStartMs, local, inputs, video, estimate, alternatives };
  process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : formatStitchReport(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
