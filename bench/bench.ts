// `npm run bench`: frame-processor against the TypeScript reference pipeline, sharp and, when
// asked for and available, the original Rust program and OpenCV; then the edge video's figures
// (H.264 encoder, stitch) unless --no-video. See bench/README.md.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { BENCH_USAGE, parseBenchArgs, type BenchArgs } from './args';
import { measureCliS3, type CliS3Run } from './cli-s3';
import { measureCli } from './cli-throughput';
import { loadFrame } from './frames';
import { formatLimits, measureLimits } from './limits';
import { describeMachine } from './machine';
import { measureSize, type PeerSetup } from './measure-size';
import { findOpenCvPython } from './opencv-peer';
import { formatReport } from './report';
import type { BenchResult, PeerOutcome, SizeResult } from './results';
import { BLUR_MODIFIER, QUALITY } from './settings';
import { measureTrackingCost, type TrackingCost } from './tracking-cost';
import type { FunctionInitResult } from './function-init';
import { measureVideo, runScript } from './video-figures';

async function main(argv: string[]): Promise<number> {
  let args: BenchArgs | null;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  if (!args) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return 0;
  }
  if (args.limits) {
    const limits = await measureLimits(args.runs, (line) => process.stderr.write(`bench: ${line}\n`));
    process.stdout.write(args.json ? `${JSON.stringify(limits, null, 2)}\n` : `machine: ${describeMachine().cpu}, load average ${describeMachine().loadAverage} at start\n${formatLimits(limits)}\n`);
    return 0;
  }
  const result = await runBench(args);
  process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatReport(result)}\n`);
  return 0;
}

async function runBench(args: BenchArgs): Promise<BenchResult> {
  const started = performance.now();
  const machine = describeMachine();
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const peers = setUpPeers(args);
  const sizes: SizeResult[] = [];
  for (const size of args.sizes) sizes.push(await measureSize(await loadFrame(size, args.framesDir), args, peers, log));
  const cli = await cliThroughput(args, log);
  const cliS3 = await cliOnS3(args, log);
  const tracking = await trackingCost(args, log);
  const video = measureVideo(args, log);
  log(`each function's init, the bundle as packaged (bench/function-init.ts, ${args.coldRuns} processes each)`);
  const functionInit = runScript<FunctionInitResult>('function-init', ['--runs', String(args.coldRuns)]);
  return {
    machine,
    settings: { runs: args.runs, refRuns: args.refRuns ?? 'default', coldRuns: args.coldRuns, blurModifier: BLUR_MODIFIER, quality: QUALITY },
    peers: describePeers(sizes, peers),
    sizes,
    cli,
    cliS3,
    tracking,
    video,
    functionInit,
    elapsedSeconds: (performance.now() - started) / 1000,
  };
}

function setUpPeers(args: BenchArgs): PeerSetup {
  const setup: PeerSetup = { skipped: {} };
  if (!args.rust) setup.skipped.rust = 'not requested (--rust <seed-sobel binary>)';
  else if (!existsSync(args.rust)) setup.skipped.rust = `no binary at ${args.rust}`;
  else setup.rust = args.rust;
  if (!args.opencv) setup.skipped.opencv = 'not requested (--opencv)';
  else {
    setup.python = findOpenCvPython(args.python);
    if (!setup.python) setup.skipped.opencv = `no python with cv2 and numpy found (${args.python ?? 'python3, /usr/bin/python3'}); e.g. apt-get install -y python3-opencv`;
  }
  return setup;
}

/** One phrase per peer: what ran (version, binary) or why it did not. */
function describePeers(sizes: SizeResult[], setup: PeerSetup): BenchResult['peers'] {
  const say = <T>(outcomes: PeerOutcome<T>[], ran: (result: T) => string, skipped?: string) => {
    const done = outcomes.find((o) => o.ran);
    const failed = outcomes.find((o) => !o.ran);
    if (done?.ran) return failed && !failed.ran ? `${ran(done.result)} (failed on some sizes: ${failed.reason})` : ran(done.result);
    return failed && !failed.ran ? failed.reason : (skipped ?? 'no sizes measured');
  };
  return {
    sharp: say(sizes.map((s) => s.sharp), (r) => `ran (${r.version}, concurrency 1)`),
    rust: say(sizes.map((s) => s.rust), () => `ran (${setup.rust})`, setup.skipped.rust),
    opencv: say(sizes.map((s) => s.opencv), (r) => `ran (${r.version}, cv2.setNumThreads(1))`, setup.skipped.opencv),
  };
}

async function cliThroughput(args: BenchArgs, log: (line: string) => void): Promise<PeerOutcome<ReturnType<typeof measureCli>>> {
  if (args.cliFrames === 0) return { ran: false, reason: 'skipped (--cli-frames 0)' };
  log(`CLI throughput on ${args.cliFrames} copies of the 1080p frame`);
  try {
    const frame = await loadFrame('1080p', args.framesDir);
    return { ran: true, result: measureCli(frame.path, args.cliFrames, [1, 2]) };
  } catch (error) {
    return { ran: false, reason: `failed: ${(error as Error).message}` };
  }
}

async function cliOnS3(args: BenchArgs, log: (line: string) => void): Promise<PeerOutcome<CliS3Run>> {
  if (args.cliFrames === 0) return { ran: false, reason: 'skipped (--cli-frames 0)' };
  log(`CLI on S3: ${args.cliFrames} copies of the 1080p frame, bucket to bucket and folder to folder`);
  try {
    const frame = await loadFrame('1080p', args.framesDir);
    return { ran: true, result: await measureCliS3(frame.path, args.cliFrames, 2) };
  } catch (error) {
    return { ran: false, reason: `failed: ${(error as Error).message}` };
  }
}

async function trackingCost(args: BenchArgs, log: (line: string) => void): Promise<PeerOutcome<TrackingCost>> {
  if (args.trackingFrames === 0) return { ran: false, reason: 'skipped (--tracking-frames 0)' };
  try {
    return { ran: true, result: await measureTrackingCost(args.trackingFrames, log) };
  } catch (error) {
    return { ran: false, reason: `failed: ${(error as Error).message}` };
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
