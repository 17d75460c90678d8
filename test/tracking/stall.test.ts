// Stalled videos: no progress for the stall time, marked by the sweeper with the reason, one
// "Video Stalled" event each time; progress clears the mark; completion too.
import { strict as assert } from 'node:assert';
import { frameKey, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

const manifest = (totalFrames: number) => new TextEncoder().encode(JSON.stringify({ totalFrames }));
const MINUTE = 60_000;
const SWEEP = { publishGraceMs: 0, reconcileGraceMs: 15 * MINUTE, stallAfterMs: 60 * MINUTE };

describe('tracking: stalled videos', function () {
  let world: TrackingWorld;
  let now = Date.UTC(2026, 10, 30, 12);
  const tracker = () => world.tracker({ chunkSize: 4, groupSize: 2, now: () => now });
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  const stalledEvents = async (videoId: string) => (await world.events(videoId)).filter((event) => event['detail-type'] === 'Video Stalled');

  it('missing frames: stalled after an hour without progress, with the missing ranges; one event; status shows it', async () => {
    const videoId = 'stall/missing';
    const t = tracker();
    await t.manifest(manifest(20), `${videoId}/capture.json`);
    for (let i = 0; i < 20; i++) if (![7, 12, 13, 14].includes(i)) await t.frameProcessed(frameKey(videoId, i));
    now += 30 * MINUTE;
    assert.deepEqual((await t.sweep(SWEEP)).stalled, [], 'half an hour: not yet');
    now += 31 * MINUTE;
    const sweep = await t.sweep(SWEEP);
    assert.deepEqual(sweep.stalled, [videoId]);
    const [event, ...more] = await stalledEvents(videoId);
    assert.equal(more.length, 0);
    assert.match(String(event.detail.reason), /^missing 4 of 20 frames: 7, 12-14; no progress for 3660 s$/);
    assert.deepEqual(event.detail.missingFrames, { count: 4, ranges: ['7', '12-14'], truncated: false });
    now += 20 * MINUTE;
    assert.deepEqual((await t.sweep(SWEEP)).stalled, [], 'marked once');
    assert.equal((await stalledEvents(videoId)).length, 1);
    const status = await t.status(videoId);
    assert.match(status.stalled?.reason ?? '', /missing 4 of 20 frames/);
  });

  it('progress clears the mark; a later stall is announced again; completion removes it', async () => {
    const videoId = 'stall/progress';
    const t = tracker();
    await t.manifest(manifest(8), `${videoId}/capture.json`);
    for (const i of [0, 1, 2, 3, 4]) await t.frameProcessed(frameKey(videoId, i));
    now += 61 * MINUTE;
    await t.sweep({ ...SWEEP, reconcileGraceMs: 0 });
    assert.ok((await t.status(videoId)).stalled);
    now += MINUTE;
    await t.frameProcessed(frameKey(videoId, 5));
    await t.sweep({ ...SWEEP, reconcileGraceMs: 0 });
    assert.equal((await t.status(videoId)).stalled, undefined, 'frame 5 is progress');
    now += 61 * MINUTE;
    await t.sweep({ ...SWEEP, reconcileGraceMs: 0 });
    assert.match((await t.status(videoId)).stalled?.reason ?? '', /missing 2 of 8 frames: 6-7/);
    assert.equal((await stalledEvents(videoId)).length, 2);
    await t.frameProcessed(frameKey(videoId, 6));
    await t.frameProcessed(frameKey(videoId, 7));
    const status = await t.status(videoId);
    assert.deepEqual([status.state, status.stalled], ['complete', undefined]);
  });

  it('frames and no total: stalled "waiting for a total"', async () => {
    const videoId = 'stall/no-total';
    const t = tracker();
    for (const i of [0, 1, 2]) await t.frameProcessed(frameKey(videoId, i));
    now += 61 * MINUTE;
    await t.sweep({ ...SWEEP, reconcileGraceMs: 0 });
    const [event] = await stalledEvents(videoId);
    assert.match(String(event.detail.reason), /^waiting for a total \(no capture\.json, MediaConvert total or TotalFrames\)/);
    assert.equal(event.detail.totalFrames, null);
  });

  it('a total and neither frame 0 nor frame T: stalled "numbering undecided"', async () => {
    const videoId = 'stall/numbering';
    const t = tracker();
    await t.manifest(manifest(4), `${videoId}/capture.json`);
    for (const i of [1, 2, 3]) await t.frameProcessed(frameKey(videoId, i));
    now += 61 * MINUTE;
    await t.sweep({ ...SWEEP, reconcileGraceMs: 0 });
    const [event] = await stalledEvents(videoId);
    assert.match(String(event.detail.reason), /^numbering undecided: neither frame 0 nor frame 4 \(the total\) has arrived/);
  });
});
