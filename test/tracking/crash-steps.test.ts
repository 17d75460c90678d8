// A crash injected after every step of the accounting, for each place the total can arrive, with
// and without Lambda's redelivery of the crashed event, then the sweeper: exactly one completion,
// the record and the event published at least once and always the same bytes, counts exact.
// Then the same for a lost answer at every write (the write is made, its caller does not learn it):
// retried by the SDK, or given up and the event delivered again. On dynalite behind the strict
// layer and on moto behind it; completions are counted from the layer's log of changes.
import { strict as assert } from 'node:assert';
import { TRACKING_STEPS, type Faults, type TrackingStep } from '../../src/tracking/faults';
import type { Tracker } from '../../src/tracking/tracker';
import type { DynamoBackendName } from '../support/dynamo-strict-backends';
import { completingWrites, crashAt, deliver, frameKey, startTrackingWorld, InjectedCrashError, type TrackingWorld } from '../support/tracking-world';

const TOTAL = 5;
const FAILED_INDEX = 3;
const CHUNK_SIZE = 2;

type Delivery = (tracker: Tracker) => Promise<unknown>;

/** The video's events: frames 0..4 (frame 3 fails for good, frame 1 arrives twice), the total at `totalAt`. */
function deliveries(videoId: string, totalAt: number): Delivery[] {
  const frames: Delivery[] = [0, 1, 2, 3, 4, 1].map((index) =>
    index === FAILED_INDEX
      ? (tracker) => tracker.frameFailed(frameKey(videoId, index), 'CorruptJpegError: truncated')
      : (tracker) => tracker.frameProcessed(frameKey(videoId, index)),
  );
  const total: Delivery = (tracker) =>
    tracker.manifest(new TextEncoder().encode(JSON.stringify({ totalFrames: TOTAL })), `${videoId}/capture.json`);
  return [...frames.slice(0, totalAt), total, ...frames.slice(totalAt)];
}

/** Crashes once at `step` (never with an occurrence of Infinity), and counts the successful completion writes. */
function faultsFor(step: TrackingStep, occurrence = 1): Faults & { completions: number; crashed: () => boolean } {
  const crash = crashAt(step, occurrence);
  const faults = {
    completions: 0,
    crashed: () => crash.fired,
    step(reached: TrackingStep, videoId: string) {
      if (reached === 'after-complete') faults.completions++;
      crash.step(reached, videoId);
    },
  };
  return faults;
}

const WRITES = ['UpdateItem', 'PutItem', 'DeleteItem'];

for (const backend of ['dynalite+strict', 'moto'] as DynamoBackendName[]) describe(`tracking: a crash between every pair of steps, on ${backend}`, function () {
  this.timeout(120_000);
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld(undefined, { backend })));
  after(async () => world?.close());

  const orders = [['first', 0], ['among', 3], ['last', 6]] as const;
  const variants = ['redelivered', 'lost'] as const;
  for (const step of TRACKING_STEPS) {
    it(`after ${step}: total first/among/last, crashed event redelivered or lost, then the sweeper`, async () => {
      let reached = 0;
      for (const [order, totalAt] of orders) {
        for (const variant of variants) {
          const videoId = `crash/${step}/${order}/${variant}`;
          const faults = faultsFor(step);
          const tracker = world.tracker({ chunkSize: CHUNK_SIZE, faults });
          for (const delivery of deliveries(videoId, totalAt)) {
            if (variant === 'redelivered') await deliver(() => delivery(tracker));
            else await delivery(tracker).catch((error) => assert.ok(error instanceof InjectedCrashError, String(error)));
          }
          const sweep = await tracker.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
          assert.deepEqual(sweep.failed, []);
          if (faults.crashed()) reached++;
          await assertCompletedOnce(videoId, faults.completions);
          assert.deepEqual((await tracker.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 })).republished, [], 'a second sweep has nothing to do');
        }
      }
      assert.ok(reached > 0, `no trial reached ${step}`);
    });
  }

  it('a lost answer at every write: retried by the SDK, or given up and the event delivered again, then the sweeper', async () => {
    const belongsTo = (videoId: string) => (key: Record<string, Record<string, unknown>>) => String(key.VideoId?.S ?? '').startsWith(videoId);
    // The write requests of one run (conditional writes whose condition fails included), counted.
    let writes = 0;
    const counter = world.dynamo.strict!.addFault({
      fault: { kind: 'lose-answer', as: 'reset' }, operations: WRITES, key: belongsTo('lost/clean'),
      when: () => {
        writes++;
        return false;
      },
    });
    await runVideo('lost/clean', world.tracker({ chunkSize: CHUNK_SIZE }));
    assert.ok(writes >= 10 && counter.hits === 0, `only ${writes} writes`);
    const once = world.dynamo.client({ maxAttempts: 1 });
    for (let n = 1; n <= writes; n++) {
      for (const variant of ['sdk-retry', 'redelivered'] as const) {
        const videoId = `lost/${n}/${variant}`;
        let seen = 0;
        const rule = world.dynamo.strict!.addFault({
          fault: { kind: 'lose-answer', as: n % 2 === 0 ? 'reset' : 'internal-error' },
          operations: WRITES, key: belongsTo(videoId), when: () => ++seen === n, times: 1,
        });
        const faults = faultsFor('after-complete', Infinity);
        const tracker = world.tracker({ chunkSize: CHUNK_SIZE, faults, client: variant === 'sdk-retry' ? undefined : once });
        await runVideo(videoId, tracker);
        assert.equal(rule.hits, 1, `${videoId}: the ${n}th write's answer was lost`);
        await assertCompletedOnce(videoId, faults.completions);
      }
    }
  });

  /** The video's deliveries (total among the frames), each delivered again until it succeeds, then a sweep. */
  async function runVideo(videoId: string, tracker: Tracker): Promise<void> {
    for (const delivery of deliveries(videoId, 3)) await deliver(() => delivery(tracker));
    assert.deepEqual((await tracker.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 })).failed, []);
  }

  /** `counted`: the core's own count of its completing writes (after-complete). */
  async function assertCompletedOnce(videoId: string, counted: number): Promise<void> {
    const completions = completingWrites(world.dynamo.strict!.changes, videoId);
    assert.equal(completions.count, 1, `${videoId}: completing writes`);
    // A completing write whose answer was lost looks to its caller like another's completion.
    assert.ok(counted === 1 || (counted === 0 && completions.answerLost), `${videoId}: the core counted ${counted} completions`);
    const lines = await world.eventLines(videoId);
    assert.ok(lines.length >= 1, `${videoId}: no event`);
    assert.equal(new Set(lines).size, 1, `${videoId}: events differ`);
    const detail = JSON.parse(lines[0]).detail;
    assert.equal(detail.status, 'complete_with_failures');
    assert.equal(detail.totalFrames, TOTAL);
    assert.equal(detail.processedFrames, TOTAL - 1);
    assert.deepEqual(detail.failedFrames, [frameKey(videoId, FAILED_INDEX)]);
    const bodies = world.writer.writes.get(`${videoId}/video.json`) ?? [];
    assert.ok(bodies.length >= lines.length, `${videoId}: video.json written before each event`);
    assert.equal(new Set(bodies).size, 1, `${videoId}: video.json differs between publications`);
    assert.deepEqual(JSON.parse(bodies[0]), detail);
    const stored = await world.s3.get('output', `${videoId}/video.json`);
    assert.equal(stored.body.toString('utf8'), bodies[0]);
    const status = await world.tracker({ chunkSize: CHUNK_SIZE }).status(videoId);
    assert.deepEqual([status.state, status.published], ['complete_with_failures', true]);
  }
});
