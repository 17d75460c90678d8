// A fuzzer worker thread: runs case ids first, first + step, ... and posts a summary. Before each
// case it stores the case id and start time in shared memory, so the main thread can see a case
// that hangs or kills the thread, and name it.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzCase, fuzzSeeds } from './fuzz-cases';
import { runCase } from './fuzz-run';

export interface FuzzJob {
  seed: number;
  first: number;
  step: number;
  total: number;
  /** [current case id, -1 when idle], shared with the main thread. */
  current: Int32Array;
  /** [start time of the current case, in Date.now() milliseconds]. */
  startedAt: Float64Array;
}

export interface FuzzSummary {
  cases: number;
  outcomes: Record<string, number>;
  slowest: { id: number; ms: number; what: string };
  failures: Array<{ id: number; what: string; failure: string }>;
  /** Typed errors whose reason is the decoder's own JavaScript error text, and the first few. */
  internalCount: number;
  internal: Array<{ id: number; what: string; reason: string }>;
}

const INTERNAL_SAMPLES = 20;

function run(job: FuzzJob): FuzzSummary {
  const seeds = fuzzSeeds();
  const summary: FuzzSummary = { cases: 0, outcomes: {}, slowest: { id: -1, ms: 0, what: '' }, failures: [], internalCount: 0, internal: [] };
  for (let id = job.first; id < job.total; id += job.step) {
    const fuzz = fuzzCase(seeds, job.seed, id);
    const what = `${fuzz.seedName}: ${fuzz.mutations.join('; ')}`;
    job.startedAt[0] = Date.now();
    Atomics.store(job.current, 0, id);
    const started = performance.now();
    const outcome = runCase(fuzz.bytes);
    const ms = performance.now() - started;
    summary.cases++;
    summary.outcomes[outcome.outcome] = (summary.outcomes[outcome.outcome] ?? 0) + 1;
    if (ms > summary.slowest.ms) summary.slowest = { id, ms, what };
    if (outcome.failure) summary.failures.push({ id, what, failure: outcome.failure });
    if (outcome.internal) summary.internalCount++;
    if (outcome.internal && summary.internal.length < INTERNAL_SAMPLES) summary.internal.push({ id, what, reason: outcome.internal });
  }
  Atomics.store(job.current, 0, -1);
  return summary;
}

parentPort?.postMessage(run(workerData as FuzzJob));
