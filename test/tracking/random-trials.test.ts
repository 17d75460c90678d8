// Seeded randomised trials: small videos, small chunks, 25% duplicate deliveries, random order, a
// 10% chance of a crash at every step (the crashed delivery goes back in the queue, as a Lambda
// retry would), 16 concurrent workers, the total arriving at a random moment, then the sweeper.
// Every trial must complete exactly once with exact counts and identical publications.
// A seed fixes a trial's video, deliveries and crash draws; the interleaving of the 16 workers
// also depends on the servers' timing, so a failure is reported with its seed and replayed with
// TRACKING_SEED=<seed> TRACKING_TRIALS=1.
import { strict as assert } from 'node:assert';
import type { Faults, TrackingStep } from '../../src/tracking/faults';
import type { Tracker } from '../../src/tracking/tracker';
import { seededRandom } from '../support/images';
import { InjectedCrashError, frameKey, randomCrashes, shuffled, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

const TRIALS = Number(process.env.TRACKING_TRIALS ?? 1000);
const FIRST_SEED = Number(process.env.TRACKING_SEED ?? 20_261_129);
const WORKERS = 16;
/** Trials run side by side (each with its own 16 workers) to use the servers' idle time. */
const PARALLEL_TRIALS = 8;
/** A table per chunk size: the size is fixed for a table's whole life, as in production. */
const CHUNK_SIZES = [2, 3, 4];
const tableFor = (chunkSize: number): string => `tracking-chunk-${chunkSize}`;

interface Trial {
  seed: number;
  videoId: string;
  total: number;
  chunkSize: number;
  failed: Set<number>;
  deliveries: ((tracker: Tracker) => Promise<unknown>)[];
}

function makeTrial(seed: number): Trial {
  const random = seededRandom(seed);
  const videoId = `trial-${seed}`;
  const total = 1 + Math.floor(random() * 8);
  const chunkSize = CHUNK_SIZES[Math.floor(random() * CHUNK_SIZES.length)];
  const failed = new Set<number>();
  const deliveries: Trial['deliveries'] = [];
  for (let index = 0; index < total; index++) {
    const fails = random() < 0.1;
    if (fails) failed.add(index);
    const delivery = fails
      ? (tracker: Tracker) => tracker.frameFailed(frameKey(videoId, index), 'CorruptJpegError: injected')
      : (tracker: Tracker) => tracker.frameProcessed(frameKey(videoId, index));
    deliveries.push(delivery);
    if (random() < 0.25) deliveries.push(delivery);
  }
  const manifest = new TextEncoder().encode(JSON.stringify({ totalFrames: total }));
  const totalDelivery = (tracker: Tracker) => tracker.manifest(manifest, `${videoId}/capture.json`);
  const order = shuffled(deliveries, random);
  order.splice(Math.floor(random() * (order.length + 1)), 0, totalDelivery);
  if (random() < 0.25) order.splice(Math.floor(random() * (order.length + 1)), 0, totalDelivery);
  return { seed, videoId, total, chunkSize, failed, deliveries: order };
}

/** Successful completion writes per video, whichever trial's worker or sweeper made them. */
const completionWrites = new Map<string, number>();

/**
 * Runs a trial's deliveries with 16 workers (a crashed delivery is queued again), then sweeps
 * until its video is complete and published. Sweeps see every trial's videos in the table, as
 * the scheduled sweeper does: they run alongside other trials' deliveries.
 */
async function runTrial(world: TrackingWorld, trial: Trial): Promise<{ crashes: number }> {
  const random = seededRandom(trial.seed ^ 0x5bd1e995);
  const crashes = randomCrashes(random, 0.1);
  const faults: Faults = {
    step(step: TrackingStep, videoId: string) {
      if (step === 'after-complete') completionWrites.set(videoId, (completionWrites.get(videoId) ?? 0) + 1);
      crashes.step(step, videoId);
    },
  };
  const tracker = world.tracker({ tableName: tableFor(trial.chunkSize), chunkSize: trial.chunkSize, faults });
  const queue = [...trial.deliveries];
  let attempts = 0;
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (++attempts > 2000) throw new Error('deliveries never finish');
      await next(tracker).catch((error) => {
        if (!(error instanceof InjectedCrashError)) throw error;
        queue.push(next!);
      });
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  for (let sweeps = 0; ; sweeps++) {
    const status = await tracker.status(trial.videoId);
    if (status.state.startsWith('complete') && status.published) break;
    if (sweeps > 100) throw new Error(`still ${status.state} after ${sweeps} sweeps`);
    await tracker.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
  }
  return { crashes: crashes.crashes };
}

function checkTrial(world: TrackingWorld, trial: Trial, lines: string[]): void {
  assert.equal(completionWrites.get(trial.videoId), 1, 'completion writes');
  assert.ok(lines.length >= 1, 'no event');
  assert.equal(new Set(lines).size, 1, 'events differ');
  const detail = JSON.parse(lines[0]).detail;
  const failedKeys = [...trial.failed].sort((a, b) => a - b).map((index) => frameKey(trial.videoId, index));
  assert.equal(detail.status, trial.failed.size > 0 ? 'complete_with_failures' : 'complete');
  assert.equal(detail.totalFrames, trial.total);
  assert.equal(detail.processedFrames, trial.total - trial.failed.size);
  assert.deepEqual(detail.failedFrames, failedKeys);
  const bodies = world.writer.writes.get(`${trial.videoId}/video.json`) ?? [];
  assert.equal(new Set(bodies).size, 1, 'video.json differs between publications');
  assert.deepEqual(JSON.parse(bodies[0]), detail);
}

describe('tracking: seeded randomised trials', function () {
  // About 25,000 requests to dynalite: tens of seconds on a busy 2-core machine.
  this.timeout(300_000);
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld(CHUNK_SIZES.map(tableFor))));
  after(async () => world.close());

  it(`${TRIALS} trials from seed ${FIRST_SEED}: exactly one completion each, none left incomplete`, async () => {
    const seeds = Array.from({ length: TRIALS }, (_, i) => FIRST_SEED + i);
    const results = new Map<number, Trial>();
    let crashes = 0;
    const failures: string[] = [];
    const runner = async (): Promise<void> => {
      for (let seed = seeds.shift(); seed !== undefined; seed = seeds.shift()) {
        const trial = makeTrial(seed);
        try {
          const outcome = await runTrial(world, trial);
          crashes += outcome.crashes;
          results.set(seed, trial);
        } catch (error) {
          failures.push(`seed ${seed}: ${(error as Error).stack}`);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_TRIALS }, runner));
    const linesByVideo = new Map<string, string[]>();
    for (const event of await world.events()) {
      const line = JSON.stringify(event);
      linesByVideo.set(event.detail.videoId, [...(linesByVideo.get(event.detail.videoId) ?? []), line]);
    }
    for (const [seed, trial] of results) {
      try {
        checkTrial(world, trial, linesByVideo.get(trial.videoId) ?? []);
      } catch (error) {
        failures.push(`seed ${seed}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} trial(s) failed; replay one with TRACKING_SEED=<seed> TRACKING_TRIALS=1`);
    assert.equal(results.size, TRIALS);
    assert.ok(crashes > TRIALS, `only ${crashes} crashes injected`);
  });
});
