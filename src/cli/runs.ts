// The two kinds of run main.ts drives the same way (progress, report, Ctrl-C): on files, every
// frame found and checked before any work, each frame read, computed and written by one worker
// thread; and with S3 on either side, frames listed as the run goes, transfers in this thread.
import { UsageError } from '../core/errors';
import type { CliOptions } from './args';
import { findJobs, type FrameJob } from './files';
import type { Stops } from './interrupts';
import { checkOutFolder, checkOutputs } from './output-checks';
import { runAll, usesWorkers } from './pool';
import { runTracking } from './tracking';
import { cliS3Client, runTransfers, type RunEvents } from './transfer-run';
import { planTransfers, usesS3 } from './transfer-plan';

export interface WorkEnd {
  untaken: FrameJob[];
  /** Why no worker took them, when every lane gave up. */
  reason?: string;
  /** Why the run ended before every frame was found (a listing that failed, an input with no frames). */
  error?: unknown;
}

export interface Work {
  /** Frames known before the run starts (more may be found as it goes). */
  total: number;
  /** Frames run in worker threads, which a second Ctrl-C can stop. */
  threaded: boolean;
  run(events: RunEvents, stops: Stops): Promise<WorkEnd>;
}

/** The run `options` ask for, planned: every refusal that needs no listing is made here, before any work. */
export async function planWork(options: CliOptions): Promise<Work> {
  return usesS3(options) ? planS3Work(options) : planFileWork(options);
}

async function planFileWork(options: CliOptions): Promise<Work> {
  const realOut = await checkOutFolder(options.out, options.inputs);
  const jobs = await findJobs(options.inputs, options.out, realOut, options.format);
  await checkOutputs(jobs);
  return {
    total: jobs.length,
    threaded: usesWorkers(options.concurrency, jobs.length),
    run: (events, stops) => runAll(jobs, options, options.concurrency, events.done, stops),
  };
}

async function planS3Work(options: CliOptions): Promise<Work> {
  const plan = await planTransfers(options);
  const tracking = await runTracking(options, plan);
  const s3 = await cliS3Client();
  return {
    total: 0,
    threaded: options.concurrency > 1,
    run: async (events, stops) => {
      try {
        return await runTransfers(plan, options, s3, events, stops, tracking);
      } finally {
        tracking?.close();
      }
    },
  };
}

/** The exit code of a run that ended early with `error`: 2 for a usage error (an input with no frames), else 1. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? 2 : 1;
}
