import { strict as assert } from 'node:assert';
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
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
      const { completedAt, totalsSeen } = events[0].detail as unknown as { completedAt: string; totalsSeen: { at: string }[] };
      assert.deepEqual(events[0].detail, {
        videoId, status: 'complete', totalFrames: 23, processedFrames: 23, failedFrameCount: 0, failedFrames: [],
        failedFramesTruncated: false, frameRate: 30, durationSeconds: 0.767, completedAt, totalSource: 'manifest',
        totalsSeen: [{ source: 'manifest', totalFrames: 23, at: totalsSeen[0].at }], firstFrameIndex: 0, firstFrameIndexFrom: 'frame 0 arrived',
        outOfRange: { count: 0, ranges: [], truncated: false }, version: 1, updatedAt: completedAt,
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

  it('totals follow one rule: a new manifest replaces the old, a manifest wins over MediaConvert whatever the order, all are kept', async () => {
    const videoId = 'totals-rule';
    const tracker = world.tracker({ chunkSize: 4 });
    await tracker.recordTotal({ videoId, totalFrames: 13, frameRate: 30, source: 'mediaconvert' });
    await tracker.manifest(manifest(14), `${videoId}/capture.json`);
    await tracker.manifest(manifest(12), `${videoId}/capture.json`); // a corrected capture.json
    await tracker.recordTotal({ videoId, totalFrames: 13, frameRate: 30, source: 'mediaconvert' }); // a redelivery: nothing new
    for (let i = 0; i < 12; i++) await tracker.frameProcessed(frameKey(videoId, i));
    const [event, ...more] = await world.events(videoId);
    assert.equal(more.length, 0);
    assert.equal(event.detail.totalFrames, 12);
    assert.equal(event.detail.totalSource, 'manifest');
    const seen = (event.detail.totalsSeen as { source: string; totalFrames: number }[]).map(({ source, totalFrames }) => `${source} ${totalFrames}`);
    assert.deepEqual(seen, ['mediaconvert 13', 'manifest 14', 'manifest 12']);
  });

  it('a different total after completion is refused with a TotalConflictError and changes nothing; an equal one is fine', async () => {
    const videoId = 'conflict';
    const tracker = world.tracker({ chunkSize: 4 });
    await tracker.manifest(manifest(6), `${videoId}/capture.json`);
    for (let i = 0; i < 6; i++) await tracker.frameProcessed(frameKey(videoId, i));
    await assert.rejects(
      tracker.recordTotal({ videoId, totalFrames: 5, frameRate: 30, source: 'mediaconvert' }),
      (error: unknown) => error instanceof TotalConflictError && error.source === videoId && /total 5 from mediaconvert arrived after the video completed: its record keeps 6 \(from manifest\)/.test(error.reason),
    );
    await tracker.manifest(manifest(6), `${videoId}/capture.json`);
    assert.equal(await completions(videoId), 1);
  });

  /** What a MediaConvert success handler writes on its jobs item: only TotalFrames and a status. */
  async function writeJobsItem(videoId: string, totalFrames: number): Promise<void> {
    await world.dynamo.client().send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { VideoId: { S: videoId } },
        UpdateExpression: 'SET TotalFrames = :t, MediaConvertStatus = :s, #status = :theirs',
        ExpressionAttributeNames: { '#status': 'Status' },
        ExpressionAttributeValues: { ':t': { N: String(totalFrames) }, ':s': { S: 'COMPLETE' }, ':theirs': { S: 'theirs' } },
      }),
    );
  }

  it('a video of 20 frames whose total is in the jobs table before any frame completes with its last frame', async () => {
    const videoId = 'jobs-table/short';
    await writeJobsItem(videoId, 20);
    const tracker = world.tracker();
    let last;
    for (let i = 0; i < 20; i++) last = await tracker.frameProcessed(frameKey(videoId, i));
    assert.equal(last?.tracked && last.video?.state, 'completed');
    const [event] = await world.events(videoId);
    assert.deepEqual([event.detail.totalSource, event.detail.processedFrames], ['table', 20]);
  });

  it("a jobs-table total set after the frames is adopted by the sweeper; the other writer's fields are left as they were", async () => {
    const videoId = 'jobs-table/late';
    const tracker = world.tracker({ chunkSize: 4 });
    for (let i = 0; i < 10; i++) await tracker.frameProcessed(frameKey(videoId, i));
    await writeJobsItem(videoId, 10);
    assert.equal(await completions(videoId), 0);
    await tracker.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
    const [event] = await world.events(videoId);
    assert.deepEqual([event.detail.totalSource, event.detail.processedFrames], ['table', 10]);
    const item = (await world.dynamo.client().send(new GetItemCommand({ TableName: TABLE, Key: { VideoId: { S: videoId } } }))).Item ?? {};
    assert.deepEqual([item.TotalFrames, item.MediaConvertStatus, item.Status], [{ N: '10' }, { S: 'COMPLETE' }, { S: 'theirs' }]);
    assert.deepEqual(Object.keys(item).filter((name) => !name.startsWith('fp_')).sort(), ['MediaConvertStatus', 'Status', 'TotalFrames', 'VideoId']);
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
