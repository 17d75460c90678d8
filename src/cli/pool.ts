// Runs frame jobs with bounded concurrency: in this thread for 1, in worker threads otherwise. A
// worker that dies is replaced; one that keeps dying at start-up ends its lane. Every job taken is
// settled through onDone; the jobs no lane took are returned, with the reason when it is not Ctrl-C.
import { rm } from 'node:fs/promises';
import type { FrameJob } from './files';
import type { FrameWorker } from './frame-worker';
import type { Stops } from './interrupts';
import { runJob, temporaryPath, type JobOutcome, type JobSettings } from './job';
import { WorkerSlot } from './worker-slot';

export type OnDone = (job: FrameJob, outcome: JobOutcome) => void;

export interface PoolEnd {
  untaken: FrameJob[];
  /** Why no worker took them, when every lane gave up. */
  reason?: string;
}

class JobQueue {
  private next = 0;
  constructor(private readonly jobs: FrameJob[]) {}
  take(): FrameJob | undefined {
    return this.next < this.jobs.length ? this.jobs[this.next++] : undefined;
  }
  get empty(): boolean {
    return this.next >= this.jobs.length;
  }
  rest(): FrameJob[] {
    return this.jobs.slice(this.next);
  }
}

/** True when frames run in worker threads: more than one lane. */
export function usesWorkers(concurrency: number, jobCount: number): boolean {
  return Math.min(concurrency, jobCount) > 1;
}

export async function runAll(jobs: FrameJob[], settings: JobSettings, concurrency: number, onDone: OnDone, stops: Stops): Promise<PoolEnd> {
  const queue = new JobQueue(jobs);
  if (!usesWorkers(concurrency, jobs.length)) {
    while (!queue.empty && !stops.starting.aborted) {
      const job = queue.take();
      if (job) onDone(job, await runJob(job, settings));
    }
    return { untaken: queue.rest() };
  }
  const lanes = Math.min(concurrency, jobs.length);
  const reasons = await Promise.all(Array.from({ length: lanes }, () => workerLane(queue, settings, onDone, stops)));
  return { untaken: queue.rest(), reason: reasons.find((reason) => reason !== undefined) };
}

/** One worker thread (replaced when it dies) taking jobs until none are left; returns why it gave up, if it did. */
async function workerLane(queue: JobQueue, settings: JobSettings, onDone: OnDone, stops: Stops): Promise<string | undefined> {
  const slot = new WorkerSlot(settings);
  const stopNow = () => void slot.stop();
  stops.now.addEventListener('abort', stopNow);
  try {
    while (!queue.empty && !stops.starting.aborted) {
      const worker = await slot.ready(stops.starting);
      if (worker === undefined) break;
      if ('gaveUp' in worker) return worker.gaveUp;
      const job = queue.take();
      if (job) onDone(job, await runOnWorker(worker, job, stops.now));
    }
    return undefined;
  } finally {
    stops.now.removeEventListener('abort', stopNow);
    await slot.stop();
  }
}

/** The job's outcome; when the worker died on it (or was stopped), a failure naming it, and no partial file left. */
async function runOnWorker(worker: FrameWorker, job: FrameJob, now: AbortSignal): Promise<JobOutcome> {
  const temporary = temporaryPath(job.output);
  const result = await worker.run({ kind: 'file', job, temporary });
  if (!('died' in result)) return result;
  await rm(temporary, { force: true });
  if (now.aborted) return { ok: false, stopped: true, message: `${job.input}: stopped while in progress (interrupted)` };
  return { ok: false, message: `${job.input}: the worker thread processing it died (${result.died})` };
}
