// Runs frame jobs with bounded concurrency: in this thread for 1, in worker threads otherwise.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/worker-thread';
import type { FrameJob } from './files';
import { runJob, type JobOutcome, type JobSettings } from './job';

export type OnDone = (job: FrameJob, outcome: JobOutcome) => void;

export async function runAll(jobs: FrameJob[], settings: JobSettings, concurrency: number, onDone: OnDone): Promise<void> {
  const lanes = Math.min(concurrency, jobs.length);
  if (lanes <= 1) {
    for (const job of jobs) onDone(job, await runJob(job, settings));
    return;
  }
  let next = 0;
  const take = () => (next < jobs.length ? jobs[next++] : undefined);
  await Promise.all(Array.from({ length: lanes }, () => workerLane(take, settings, onDone)));
}

/** One worker thread taking jobs until none are left. */
async function workerLane(take: () => FrameJob | undefined, settings: JobSettings, onDone: OnDone): Promise<void> {
  const worker = startWorker(__dirname, 'worker', { workerData: settings });
  try {
    for (let job = take(); job; job = take()) onDone(job, await ask(worker, job));
  } finally {
    await worker.terminate();
  }
}

function ask(worker: Worker, job: FrameJob): Promise<JobOutcome> {
  return new Promise((resolve) => {
    const settle = (outcome: JobOutcome) => {
      worker.off('message', settle);
      worker.off('error', fail);
      resolve(outcome);
    };
    const fail = (error: Error) => settle({ ok: false, message: `${job.input}: worker failed (${error.message})` });
    worker.on('message', settle);
    worker.on('error', fail);
    worker.postMessage(job);
  });
}
