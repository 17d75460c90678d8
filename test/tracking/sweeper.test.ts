// The sweeper: what a crash or a failed publication left in the outbox is finished once its grace
// period is over, and not before; a video still missing frames is looked at once per period.
import { strict as assert } from 'node:assert';
import { dirname, join } from 'node:path';
import { JsonlEventPublisher } from '../../src/tracking/events';
import { Tracker } from '../../src/tracking/tracker';
import { InjectedCrashError, TABLE, crashAt, frameKey, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

const MINUTE = 60_000;
const GRACE = { publishGraceMs: 2 * MINUTE, reconcileGraceMs: 10 * MINUTE };
const manifest = (totalFrames: number): Uint8Array => new TextEncoder().encode(JSON.stringify({ totalFrames }));

describe('tracking: the sweeper', function () {
  let world: TrackingWorld;
  let now: number;
  const clock = () => now;
  before(async () => (world = await startTrackingWorld()));
  beforeEach(() => (now = Date.parse('2026-11-29T12:00:00Z')));
  after(async () => world.close());

  it('publishes a completion that crashed before publishing, once the grace period is over', async () => {
    const videoId = 'sweep/crashed-publish';
    const crashing = world.tracker({ chunkSize: 2, now: clock, faults: crashAt('after-complete') });
    await crashing.manifest(manifest(2), `${videoId}/capture.json`);
    await crashing.frameProcessed(frameKey(videoId, 0));
    await assert.rejects(crashing.frameProcessed(frameKey(videoId, 1)), InjectedCrashError);
    const sweeper = world.tracker({ chunkSize: 2, now: clock });
    now += MINUTE;
    assert.deepEqual((await sweeper.sweep(GRACE)).republished, []);
    assert.equal((await world.events(videoId)).length, 0);
    now += 2 * MINUTE;
    assert.deepEqual((await sweeper.sweep(GRACE)).republished, [videoId]);
    assert.equal((await world.events(videoId)).length, 1);
    assert.equal((await sweeper.status(videoId)).published, true);
    now += 10 * MINUTE;
    assert.deepEqual(await sweeper.sweep(GRACE), { republished: [], completed: [], stillIncomplete: [], stalled: [], failed: [] });
  });

  it('a publication that failed for real (events file unwritable) is left in the outbox and redone', async () => {
    const videoId = 'sweep/failed-publish';
    const broken = new Tracker({
      client: world.dynamo.client(),
      tableName: TABLE,
      objects: world.writer,
      events: new JsonlEventPublisher(join(dirname(world.eventsPath), 'no-such-dir', 'events.jsonl')),
      chunkSize: 2,
      now: clock,
    });
    await broken.manifest(manifest(1), `${videoId}/capture.json`);
    // The completion counts (its write won); its publication's failure is logged, the outbox keeps it.
    const completing = await broken.frameProcessed(frameKey(videoId, 0));
    assert.equal(completing.tracked && completing.video?.state, 'completed');
    const status = await broken.status(videoId);
    assert.deepEqual([status.state, status.published], ['complete', false]);
    now += 3 * MINUTE;
    assert.deepEqual((await world.tracker({ chunkSize: 2, now: clock }).sweep(GRACE)).republished, [videoId]);
    assert.equal((await world.events(videoId)).length, 1);
  });

  it('reconciles a total whose recording crashed halfway, once its grace period is over', async () => {
    const videoId = 'sweep/crashed-total';
    const tracker = world.tracker({ chunkSize: 4, now: clock });
    const crashing = world.tracker({ chunkSize: 4, now: clock, faults: crashAt('after-total-write') });
    for (const index of [0, 1, 2, 3, 4]) await tracker.frameProcessed(frameKey(videoId, index));
    // The total's write succeeded but the last chunk never learnt its size: frame 4 alone is not a full chunk.
    await assert.rejects(crashing.manifest(manifest(5), `${videoId}/capture.json`), InjectedCrashError);
    assert.equal((await tracker.status(videoId)).state, 'in-progress');
    now += 5 * MINUTE;
    assert.deepEqual((await tracker.sweep(GRACE)).completed, []);
    now += 6 * MINUTE;
    assert.deepEqual((await tracker.sweep(GRACE)).completed, [videoId]);
    assert.equal((await world.events(videoId)).length, 1);
  });

  it('a video still missing frames is looked at again only once per grace period', async () => {
    const videoId = 'sweep/missing';
    const tracker = world.tracker({ chunkSize: 4, now: clock });
    await tracker.manifest(manifest(3), `${videoId}/capture.json`);
    await tracker.frameProcessed(frameKey(videoId, 0));
    now += 11 * MINUTE;
    assert.deepEqual((await tracker.sweep(GRACE)).stillIncomplete, [videoId]);
    now += 5 * MINUTE;
    assert.deepEqual((await tracker.sweep(GRACE)).stillIncomplete, []);
    now += 6 * MINUTE;
    assert.deepEqual((await tracker.sweep(GRACE)).stillIncomplete, [videoId]);
    for (const index of [1, 2]) await tracker.frameProcessed(frameKey(videoId, index));
    assert.equal((await world.events(videoId)).length, 1);
    now += 11 * MINUTE;
    assert.deepEqual(await tracker.sweep(GRACE), { republished: [], completed: [], stillIncomplete: [], stalled: [], failed: [] });
  });

  it('a tracker that does not publish completes the video and leaves its publication to the sweeper', async () => {
    const videoId = 'sweep/not-publishing';
    const recorder = new Tracker({ client: world.dynamo.client(), tableName: TABLE, chunkSize: 2, now: clock });
    await world.tracker({ chunkSize: 2, now: clock }).manifest(manifest(2), `${videoId}/capture.json`);
    await recorder.frameProcessed(frameKey(videoId, 0));

    const outcome = await recorder.frameFailed(frameKey(videoId, 1), 'NotAJpegError: not a JPEG');

    assert.ok(outcome.tracked && outcome.video?.state === 'completed');
    assert.equal(outcome.video.record.status, 'complete_with_failures');
    assert.deepEqual([(await recorder.status(videoId)).published, (await world.events(videoId)).length], [false, 0]);
    await assert.rejects(recorder.sweep(GRACE), /the sweeper publishes/);
    now += 3 * MINUTE;
    assert.deepEqual((await world.tracker({ chunkSize: 2, now: clock }).sweep(GRACE)).republished, [videoId]);
    assert.equal((await world.events(videoId))[0].detail.status, 'complete_with_failures');
  });
});
