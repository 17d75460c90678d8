// A correction after completion: a failed frame processed later (a replay, a backfill) counts as
// processed; the record becomes version 2, published with "Video Frames Updated", once per change.
import { strict as assert } from 'node:assert';
import { Tracker } from '../../src/tracking/tracker';
import { TABLE, frameKey, startTrackingWorld, sweepUntilQuiet, type TrackingWorld } from '../support/tracking-world';

const manifest = (totalFrames: number) => new TextEncoder().encode(JSON.stringify({ totalFrames }));

describe('tracking: corrections after completion', function () {
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  async function completedWithFailures(videoId: string, failed: number[], total = 6) {
    const tracker = world.tracker({ chunkSize: 4 });
    await tracker.manifest(manifest(total), `${videoId}/capture.json`);
    for (let i = 0; i < total; i++) {
      if (failed.includes(i)) await tracker.frameFailed(frameKey(videoId, i), 'CorruptJpegError: truncated');
      else await tracker.frameProcessed(frameKey(videoId, i));
    }
    return tracker;
  }

  it('a replayed failed frame: version 2 with the frame processed, one "Video Frames Updated", video.json replaced', async () => {
    const videoId = 'corrected/one';
    const tracker = await completedWithFailures(videoId, [2, 4]);
    const replay = await tracker.frameProcessed(frameKey(videoId, 2));
    assert.deepEqual(replay.tracked && replay.video, { state: 'already-complete', republished: true });
    const [processed, updated, ...more] = await world.events(videoId);
    assert.equal(more.length, 0);
    assert.deepEqual([processed['detail-type'], processed.detail.version, processed.detail.failedFrameCount], ['Video Frames Processed', 1, 2]);
    assert.deepEqual([updated['detail-type'], updated.detail.version, updated.detail.processedFrames, updated.detail.failedFrameCount], ['Video Frames Updated', 2, 5, 1]);
    assert.deepEqual(updated.detail.failedFrames, [frameKey(videoId, 4)]);
    assert.equal(updated.detail.completedAt, processed.detail.completedAt);
    assert.deepEqual(await JSON.parse((await world.s3.get('output', `${videoId}/video.json`)).body.toString('utf8')), updated.detail);
    const status = await tracker.status(videoId);
    assert.deepEqual([status.state, status.version, status.processedFrames, status.published], ['complete_with_failures', 2, 5, true]);
  });

  it('the same replay again, and a replay of a frame that never failed, change nothing', async () => {
    const videoId = 'corrected/twice';
    const tracker = await completedWithFailures(videoId, [1]);
    await tracker.frameProcessed(frameKey(videoId, 1));
    await tracker.frameProcessed(frameKey(videoId, 1));
    await tracker.frameProcessed(frameKey(videoId, 3));
    await sweepUntilQuiet(tracker);
    const versions = (await world.events(videoId)).map((event) => `${event['detail-type']} ${event.detail.version} ${event.detail.status}`);
    assert.deepEqual(versions, ['Video Frames Processed 1 complete_with_failures', 'Video Frames Updated 2 complete']);
  });

  it('replays of every failed frame at once: the record ends with all processed, each version published once', async () => {
    const videoId = 'corrected/many';
    const failed = [0, 1, 3, 5, 6, 8];
    const tracker = await completedWithFailures(videoId, failed, 10);
    await Promise.all(failed.map((index) => tracker.frameProcessed(frameKey(videoId, index))));
    await sweepUntilQuiet(tracker);
    const events = await world.events(videoId);
    const versions = events.map((event) => event.detail.version as number);
    assert.deepEqual(versions, versions.map((_, i) => i + 1), 'one event per version, in order');
    const last = events[events.length - 1].detail;
    assert.deepEqual([last.status, last.processedFrames, last.failedFrameCount], ['complete', 10, 0]);
  });

  it('a tracker that does not publish leaves the correction to the sweeper', async () => {
    const videoId = 'corrected/by-sweeper';
    await completedWithFailures(videoId, [2]);
    const silent = new Tracker({ client: world.dynamo.client(), tableName: TABLE, chunkSize: 4 });
    await silent.frameProcessed(frameKey(videoId, 2));
    assert.equal((await world.events(videoId)).length, 1);
    await sweepUntilQuiet(world.tracker({ chunkSize: 4 }));
    const events = await world.events(videoId);
    assert.deepEqual(events.map((event) => event.detail.version), [1, 2]);
  });
});
