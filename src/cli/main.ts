#!/usr/bin/env node
// frame-processor: edge maps of JPEG frames from the command line. See USAGE in args.ts.
import { performance } from 'node:perf_hooks';
import { UsageError } from '../core/errors';
import { parseCliArgs, USAGE, type CliOptions } from './args';
import { findJobs, type FrameJob } from './files';
import { Interrupts } from './interrupts';
import type { JobOutcome } from './job';
import { checkOutFolder, checkOutputs } from './output-checks';
import { runAll, usesWorkers } from './pool';
import { Progress } from './progress';
import { RunReport } from './report';
import { statusCommand, STATUS_USAGE } from './status';

const say = (line: string) => process.stderr.write(`frame-processor: ${line}\n`);

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'status') return statusMain(argv.slice(1));
  try {
    const options = parseCliArgs(argv);
    if (!options) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return await run(options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const line of error.message.split('\n')) say(line);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
}

async function statusMain(argv: string[]): Promise<number> {
  try {
    return await statusCommand(argv, process.env, (line) => process.stdout.write(`${line}\n`), say);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(error.message);
    process.stderr.write(`${STATUS_USAGE}\n`);
    return 2;
  }
}

async function run(options: CliOptions): Promise<number> {
  const started = performance.now();
  const realOut = await checkOutFolder(options.out, options.inputs);
  const jobs = await findJobs(options.inputs, options.out, realOut, options.format);
  await checkOutputs(jobs);
  const progress = new Progress(jobs.length, process.stderr);
  const sayAboveBar = (line: string) => progress.log(`frame-processor: ${line}`);
  const report = new RunReport(jobs.length, sayAboveBar);
  const interrupts = new Interrupts(sayAboveBar, usesWorkers(options.concurrency, jobs.length));
  try {
    const onDone = (_job: FrameJob, outcome: JobOutcome) => {
      report.settled(outcome);
      progress.tick();
    };
    const end = await runAll(jobs, options, options.concurrency, onDone, interrupts.stops);
    report.untaken(end.untaken, interrupts.interrupted, end.reason);
  } finally {
    interrupts.dispose();
  }
  if (interrupts.interrupted) sayAboveBar(report.interruption());
  progress.done();
  process.stdout.write(`${report.summary((performance.now() - started) / 1000)}\n`);
  return report.exitCode(interrupts.interrupted);
}

// Node exits when nothing is left to wait for, even with main unfinished: that must never read as success.
let finished = false;
process.on('exit', () => {
  if (finished) return;
  say('stopped before every frame was accounted for');
  process.exitCode = 1;
});

main(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    finished = true;
    say(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
