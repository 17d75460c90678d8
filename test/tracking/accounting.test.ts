import { strict as assert } from 'node:assert';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { TotalConflictError } from '../../src/tracking/errors';
import { seededRandom } from '../support/images';
import { OUTPUT_BUCKET, TABLE, frameKey, shuffled, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

const manifest = (totalFrames: number, frameRate?: number): Uint8Array =>
  new TextEncoder().encode(JSON.stringify(frameRate === undefined ? { totalFrames } : { totalFrames, frameRate }));

describe('tracking: accounting against dynalite and s3rver', function () {
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  /** Delivers `keys` in order; `total` is recorded after `totalAfter` of them (0 = first). */
  async function run(videoId: string, keys: string[], total: number, totalAfter: number, chunkSize = 4) {
    const tracker = world.tracker({ chunkSize });
    const outcomes = [];
    for (let i = 0; i <= keys.length; i++) {
      if (i === totalAfter) outcomes.push(await tracker.manifest(manifest(total), `${videoId}/capture.json`));
      if (i < keys.length) outcomes.push((await tracker.frameProcessed(keys[i])).tracked);
    }
    return tracker;
  }

  async function completions(videoId: string): Promise<number> {
    return (await world.events(videoId)).length;
  }

  for (const [where, at] of [['before', 0], ['among', 9], ['after', 40]] as const) {
    it(`shuffled frames with duplicates, the total ${where} the frames: completes once, counts exact`, async () => {
      const videoId = `shuffled-${where}`;
      const random = seededRandom(101);
      const keys = Array.from({ length: 23 }, (_, i) => frameKey(videoId, i));
      const deliveries = shuffled([...keys, ...keys.filter(() => random() < 0.5)], random);
      const tracker = await run(videoId, deliveries, 23, Math.min(at, deliveries.length));
      const events = await world.events(videoId);
      assert.equal(events.length, 1);
      assert.equal(events[0].source, 'frame-processor');
      assert.equal(events[0]['detail-type'], 'Video Frames Processed');
      assert.deepEqual(events[0].detail, {
        videoId, status: 'complete', totalFrames: 23, processedFrames: 23, failedFrameCount: 0, failedFrames: [],
        failedFramesTruncated: false, frameRate: 30, durationSeconds: 0.767, completedAt: events[0].detail.completedAt, totalSource: 'manifest',
      });
      const record = await world.s3.get(OUTPUT_BUCKET, `${videoId}/video.json`);
      assert.deepEqual(JSON.parse(record.body.toString('utf8')), events[0].detail);
      assert.equal(record.contentType, 'application/json');
      const status = await tracker.status(videoId);
      assert.equal(status.state, 'complete');
      assert.equal(status.processedFrames, 23);
      assert.equal(status.published, true);
    });
  }

  it('a video does not complete while one frame is missing, and completes on that frame', async () => {
    const videoId = 'missing-one';
    const tracker = world.tracker({ chunkSize: 4 });
    await tracker.manifest(manifest(10), `${videoId}/capture.json`);
    for (const index of [0, 1, 2, 3, 4, 5, 6, 8, 9]) await tracker.frameProcessed(frameKey(videoId, index));
    assert.equal(await completions(videoId), 0);
    assert.equal((await tracker.status(videoId)).processedFrames, 9);
    const last = await tracker.frameProcessed(frameKey(videoId, 7));
    assert.equal(last.tracked && last.video?.state, 'completed');
    assert.equal(await completions(videoId), 1);
  });

  it('frames past the total never count; a video of one partial chunk completes', async () => {
    const videoId = 'past-total';
    const tracker = world.tracker({ chunkSize: 4 });
    for (const index of [5, 6, 7, 0, 1]) await tracker.frameProcessed(frameKey(videoId, index));
    await tracker.manifest(manifest(3), `${videoId}/capture.json`);
    assert.equal(await completions(videoId), 0);
    await tracker.frameProcessed(frameKey(videoId, 2));
    const [event] = await world.events(videoId);
    assert.equal(event.detail.processedFrames, 3);
  });

  it('failures lead to complete_with_failures listing the failed keys; a late success wins over a failure', async () => {
    const videoId = 'with-failures';
    const tracker = world.tracker({ chunkSize: 4 });
    await tracker.manifest(manifest(9, 25), `${videoId}/capture.json`);
    for (const index of [0, 1, 2, 4, 5]) await tracker.frameProcessed(frameKey(videoId, index));
    await tracker.frameFailed(frameKey(videoId, 6), 'KernelTrapError');
    await tracker.frameProcessed(frameKey(videoId, 6)); // a late success (a redelivery): counts as processed
    await tracker.frameProcessed(frameKey(videoId, 7));
    await tracker.frameFailed(frameKey(videoId, 8), 'CorruptJpegError: truncated');
    await tracker.frameFailed(frameKey(videoId, 1), 'timeout'); // processed already: stays processed
    assert.equal(await completions(videoId), 0);
    await tracker.frameFailed(frameKey(videoId, 3), 'NotAJpegError: empty');
    const events = await world.events(videoId);
    assert.equal(events.length, 1);
    assert.equal(events[0].detail.status, 'complete_with_failures');
    assert.equal(events[0].detail.processedFrames, 7);
    assert.equal(events[0].detail.failedFrameCount, 2);
    assert.deepEqual(events[0].detail.failedFrames, [frameKey(videoId, 3), frameKey(videoId, 8)]);
    assert.equal(events[0].detail.frameRate, 25);
    const status = await tracker.status(videoId);
    assert.deepEqual([status.state, status.processedFrames, status.failedFrames], ['complete_with_failures', 7, 2]);
  });

  it('invalid manifests are refused and change nothing', async () => {
    const videoId = 'invalid-manifest';
    const tracker = world.tracker({ chunkSize: 4 });
    for (let i = 0; i < 4; i++) await tracker.frameProcessed(frameKey(videoId, i));
    const before = await tracker.status(videoId);
    for (const text of ['{"totalFrames": -4}', '{"totalFrames": 4.5}', 'four', '{"totalFrames": 99999999}', '{"frameRate": 30}']) {
      await assert.rejects(tracker.manifest(new TextEncoder().encode(text), `${videoId}/capture.json`), { name: 'ManifestError' });
    }
    assert.deepEqual(await tracker.status(videoId), before);
    assert.equal(before.state, 'waiting-for-total');
    assert.equal(await completions(videoId), 0);
  });

  it('a conflicting total is refused with a TotalConflictError and changes nothing; an equal one is fine', async () => {
    const videoId = 'conflict';
    const tracker = world.tracker({ chunkSize: 4 });
    await tracker.manifest(manifest(6), `${videoId}/capture.json`);
    for (let i = 0; i < 5; i++) await tracker.frameProcessed(frameKey(videoId, i));
    const before = await tracker.status(videoId);
    await assert.rejects(
      tracker.recordTotal({ videoId, totalFrames: 5, frameRate: 30, source: 'mediaconvert' }),
      (error: unknown) => error instanceof TotalConflictError && error.source === videoId && /total 5 from mediaconvert refused: 6 already recorded from manifest/.test(error.reason),
    );
    assert.deepEqual(await tracker.status(videoId), before);
    assert.equal(await completions(videoId), 0);
    await tracker.recordTotal({ videoId, totalFrames: 6, frameRate: 30, source: 'mediaconvert' });
    await tracker.frameProcessed(frameKey(videoId, 5));
    const [event] = await world.events(videoId);
    assert.equal(event.detail.totalSource, 'manifest');
  });

  it('a total written by another writer on an existing jobs item is adopted', async () => {
    const videoId = 'jobs-table';
    const tracker = world.tracker({ chunkSize: 4 });
    for (let i = 0; i < 6; i++) await tracker.frameProcessed(frameKey(videoId, i));
    // What a MediaConvert success handler writes on its jobs item: only TotalFrames and a status.
    await world.dynamo.client().send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { VideoId: { S: videoId } },
        UpdateExpression: 'SET TotalFrames = :t, MediaConvertStatus = :s',
        ExpressionAttributeValues: { ':t': { N: '10' }, ':s': { S: 'COMPLETE' } },
      }),
    );
    for (let i = 6; i < 10; i++) await tracker.frameProcessed(frameKey(videoId, i));
    const [event] = await world.events(videoId);
    assert.equal(event.detail.totalSource, 'table');
    assert.equal(event.detail.processedFrames, 10);
    assert.equal(await completions(videoId), 1);
  });

  it('an empty video (total 0) completes when its total is recorded', async () => {
    const progress = await world.tracker().manifest(manifest(0), 'empty/capture.json');
    assert.equal(progress.state, 'completed');
    assert.equal((await world.events('empty'))[0].detail.totalFrames, 0);
  });

  it('untracked keys change nothing and say why', async () => {
    const tracker = world.tracker();
    assert.deepEqual(await tracker.frameProcessed('loose.0000001.jpg'), {
      tracked: false, key: 'loose.0000001.jpg', reason: 'no folder: a frame key is <videoId>/<name>.<index>.jpg',
    });
    const before = world.counter.counts();
    await tracker.frameProcessed('v/notes.jpg');
    assert.deepEqual(world.counter.counts(), before);
  });

  it('status estimates the time left from the pace so far', async () => {
    let now = 1_000_000;
    const tracker = world.tracker({ chunkSize: 4, now: () => now });
    await tracker.manifest(manifest(20), 'paced/capture.json');
    for (let i = 0; i < 5; i++) {
      await tracker.frameProcessed(frameKey('paced', i));
      now += 2000;
    }
    const status = await tracker.status('paced');
    // 5 frames in 8 s: 2 s a frame, 15 frames left.
    assert.equal(status.state, 'in-progress');
    assert.equal(status.estimatedSecondsLeft, 30);
    assert.equal(status.processedFrames, 5);
    assert.equal(status.totalFrames, 20);
  });
});
