#!/usr/bin/env node
// frame-processor: edge maps of JPEG frames from the command line. See USAGE in args.ts.
import { performance } from 'node:perf_hooks';
import { UsageError } from '../core/errors';
import { parseCliArgs, USAGE, type CliOptions } from './args';
import { findJobs } from './files';
import { checkOutFolder, checkOutputs } from './output-checks';
import { runAll } from './pool';
import { Progress } from './progress';

async function main(argv: string[]): Promise<number> {
  let options: CliOptions | null;
  try {
    options = parseCliArgs(argv);
    if (!options) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return await run(options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const line of error.message.split('\n')) process.stderr.write(`frame-processor: ${line}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
}

async function run(options: CliOptions): Promise<number> {
  const started = performance.now();
  const realOut = await checkOutFolder(options.out, options.inputs);
  const jobs = await findJobs(options.inputs, options.out, realOut, options.format);
  await checkOutputs(jobs);
  const progress = new Progress(jobs.length, process.stderr);
  let failed = 0;
  await runAll(jobs, options, options.concurrency, (_job, outcome) => {
    if (!outcome.ok) {
      failed++;
      progress.log(`frame-processor: ${outcome.message}`);
    }
    progress.tick();
  });
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? jobs.length / seconds : 0;
  process.stdout.write(`frames: ${jobs.length}, failed: ${failed}, seconds: ${seconds.toFixed(2)}, frames/s: ${rate.toFixed(1)}\n`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`frame-processor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
