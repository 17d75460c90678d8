// The fuzzer: seeded, deterministic mutations of valid JPEGs of several kinds. Every case
// must end in an edge map or a FrameError, within a per-case time bound, without killing the
// process. FUZZ_CASES=N sets the count (default 100000, ~10 s on 2 cores), FUZZ_SEED=S another sequence, FUZZ_CASE=ID
// re-runs one case in this process (the failure report prints the command). FUZZ_SLOWEST_MS moves
// the bound on the slowest case.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../src/core/worker-thread';
import { fuzzCase, fuzzSeeds } from '../support/fuzz-cases';
import { runCase } from '../support/fuzz-run';
import type { FuzzJob, FuzzSummary } from '../support/fuzz-worker';

const CASES = Number(process.env.FUZZ_CASES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x4f4a5047);
/** A case still running after this long is a hang (cases take ~1 ms; this is a watchdog, not a benchmark). */
const CASE_BOUND_MS = Number(process.env.FUZZ_CASE_MS ?? 10_000);
/** Every case ends within this: a slower one has found a cost the limits leave unbounded. */
const SLOWEST_CASE_MS = Number(process.env.FUZZ_SLOWEST_MS ?? 1_000);
const WORKERS = Math.max(1, Math.min(availableParallelism(), 4));

interface Lane {
  worker: Worker;
  current: Int32Array;
  startedAt: Float64Array;
}

/** Starts one worker on its share of the cases. */
function startLane(index: number): Lane {
  const current = new Int32Array(new SharedArrayBuffer(4)).fill(-1);
  const startedAt = new Float64Array(new SharedArrayBuffer(8));
  const job: FuzzJob = { seed: SEED, first: index, step: WORKERS, total: CASES, current, startedAt };
  const worker = startWorker(join(__dirname, '..', 'support'), 'fuzz-worker', { workerData: job });
  return { worker, current, startedAt };
}

/** Runs all lanes; the first hang or crash stops every worker and rejects naming its case. */
async function runLanes(): Promise<FuzzSummary[]> {
  const lanes = Array.from({ length: WORKERS }, (_, i) => startLane(i));
  try {
    return await Promise.all(lanes.map(watch));
  } finally {
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
  }
}

/** Resolves with the lane's summary; rejects naming the case that hung or crashed it. */
function watch(lane: Lane): Promise<FuzzSummary> {
  return new Promise((resolve, reject) => {
    const caseId = () => Atomics.load(lane.current, 0);
    const timer = setInterval(() => {
      if (caseId() >= 0 && Date.now() - lane.startedAt[0] > CASE_BOUND_MS) {
        clearInterval(timer);
        reject(new Error(failureReport(caseId(), `still running after ${CASE_BOUND_MS} ms`)));
      }
    }, 100);
    lane.worker.once('message', (summary: FuzzSummary) => {
      clearInterval(timer);
      resolve(summary);
    });
    lane.worker.once('error', (error) => {
      clearInterval(timer);
      reject(new Error(failureReport(caseId(), `crashed its thread: ${error.message}`)));
    });
    lane.worker.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(failureReport(caseId(), `thread exited with code ${code}`)));
    });
  });
}

/** Writes the case's input to a temp file and says how to re-run it. */
function failureReport(id: number, failure: string): string {
  if (id < 0) return `fuzzer (seed ${SEED}): ${failure} outside any case`;
  const fuzz = fuzzCase(fuzzSeeds(), SEED, id);
  const file = join(tmpdir(), `frame-processor-fuzz-${SEED}-${id}.jpg`);
  writeFileSync(file, fuzz.bytes);
  return [
    `fuzz case ${id} (seed ${SEED}) ${failure}`,
    `  input: ${fuzz.seedName}: ${fuzz.mutations.join('; ')}`,
    `  written to ${file}`,
    `  re-run: FUZZ_SEED=${SEED} FUZZ_CASE=${id} npx mocha test/core/fuzz.test.ts`,
  ].join('\n');
}

function merge(summaries: FuzzSummary[]): FuzzSummary {
  const total: FuzzSummary = { cases: 0, outcomes: {}, slowest: { id: -1, ms: 0, what: '' }, failures: [], internalCount: 0, internal: [] };
  for (const s of summaries) {
    total.cases += s.cases;
    for (const [outcome, n] of Object.entries(s.outcomes)) total.outcomes[outcome] = (total.outcomes[outcome] ?? 0) + n;
    if (s.slowest.ms > total.slowest.ms) total.slowest = s.slowest;
    total.failures.push(...s.failures);
    total.internalCount += s.internalCount;
    total.internal.push(...s.internal);
  }
  return total;
}

describe('fuzzer', function () {
  this.timeout(CASES * CASE_BOUND_MS);

  if (process.env.FUZZ_CASE !== undefined) {
    const id = Number(process.env.FUZZ_CASE);
    it(`re-runs case ${id} of seed ${SEED}`, () => {
      const fuzz = fuzzCase(fuzzSeeds(), SEED, id);
      const outcome = runCase(fuzz.bytes);
      console.log(`      ${fuzz.seedName}: ${fuzz.mutations.join('; ')} -> ${JSON.stringify(outcome)}`);
      assert.equal(outcome.failure, undefined);
      assert.equal(outcome.internal, undefined);
    });
    return;
  }

  let summary: FuzzSummary;

  before(async () => {
    const started = performance.now();
    summary = merge(await runLanes());
    const seconds = (performance.now() - started) / 1000;
    const slowest = `slowest case ${summary.slowest.id}: ${summary.slowest.ms.toFixed(1)} ms (${summary.slowest.what})`;
    console.log(`      ${summary.cases} cases, seed ${SEED}, ${WORKERS} threads, ${seconds.toFixed(1)} s; ${slowest}`);
    console.log(`      outcomes: ${JSON.stringify(summary.outcomes)}`);
  });

  it(`ends each of ${CASES} mutated JPEGs in an edge map or a typed error, within ${CASE_BOUND_MS} ms`, () => {
    assert.equal(summary.cases, CASES);
    assert.equal(summary.failures.length, 0, summary.failures.slice(0, 5).map((f) => failureReport(f.id, f.failure)).join('\n'));
  });

  it(`finishes its slowest case within ${SLOWEST_CASE_MS} ms`, () => {
    const { id, ms } = summary.slowest;
    if (ms > SLOWEST_CASE_MS) assert.fail(failureReport(id, `took ${ms.toFixed(0)} ms, over the ${SLOWEST_CASE_MS} ms bound`));
  });

  // A Motion-JPEG seed without DHT goes to jpeg-js with the standard tables inserted: without them
  // jpeg-js would meet a missing table and throw a TypeError, whose text must not become a reason.
  it("never lets the decoder's own JavaScript error text through as the reason", () => {
    const examples = summary.internal.slice(0, 5).map((i) => `case ${i.id} (${i.what}): ${i.reason}`);
    assert.equal(summary.internalCount, 0, examples.join('\n'));
  });
});
