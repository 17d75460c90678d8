// The frame function with tracking on, over real s3rver and dynalite: S3 events for a video's
// frames and its manifest end in video.json and one event; progress is logged from the answers the
// accounting already has; tracking off changes nothing; a DynamoDB outage after the edge map is
// written fails the frame, and the retry counts it once.
import assert from 'node:assert/strict';
import { FrameTrackingError } from '../../src/core/errors';
import { processFrame } from '../../src/core/pipeline';
import { readConfig } from '../../src/lambda/config';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { createManifestHandler } from '../../src/lambda/tracking/manifest';
import { failure, recordFor } from '../support/events';
import { makeJpeg } from '../support/jpegs';
import { frameKey } from '../support/tracking-world';
import { OUT, RAW, useTrackingRig } from '../support/tracking-functions';

const eventFor = (...keys: string[]) => ({ Records: keys.map((key) => recordFor(RAW, encodeEventKey(key))) });

describe('the frame function with tracking on (s3rver + dynalite)', function () {
  this.timeout(30_000);
  const rig = useTrackingRig();

  it('frames and a manifest from S3 events, shuffled and redelivered: video.json and one event, progress logged', async () => {
    const videoId = 'camera 2/take+1';
    const { keys, manifestEvent } = await rig.putVideo(videoId, 3, 40, 30);
    const { handler, observer } = rig.frameHandler();
    const manifest = createManifestHandler({ s3: rig.functionS3, tracker: rig.tracker(), report: rig.report() });

    await handler(eventFor(keys[2]));
    await manifest(manifestEvent);
    await handler(eventFor(keys[0], keys[2]));
    await handler(eventFor(keys[1]));
    await handler(eventFor(keys[1]));

    const record = await rig.videoRecord(videoId);
    assert.deepEqual([record.status, record.totalFrames, record.processedFrames, record.frameRate, record.totalSource, record.blurMethod], ['complete', 3, 3, 25, 'manifest', 'fast']);
    const events = await rig.events(videoId);
    assert.equal(events.length, 1);
    assert.deepEqual([events[0].source, events[0]['detail-type'], events[0].detail], ['frame-processor', 'Video Frames Processed', record]);
    const outcomes = observer.processed.map((frame) => frame.tracking);
    // The video's first frame registers it (its item enters the outbox), and that answer is settled.
    assert.deepEqual(outcomes[0], { tracked: true, videoId, index: 2, chunk: 0, chunkFrames: 1, chunkExpected: 128, chunkFull: false, video: { state: 'waiting-for-total', groups: 1 } });
    const completing = outcomes[3];
    assert.ok(completing?.tracked && completing.video?.state === 'completed' && completing.chunkFrames === 3 && completing.chunkExpected === 3);
    assert.deepEqual(outcomes[4]?.tracked && outcomes[4].video, { state: 'already-complete', republished: false });
    const edges = processFrame(makeJpeg(40, 30, 1), { blurModifier: 8, quality: 75, format: 'jpeg' });
    assert.deepEqual((await rig.s3.get(OUT, keys[1])).body, Buffer.from(edges.bytes), 'the edge map is the same with tracking on');
  });

  it('logs the reason a frame is not tracked, and processes it all the same', async () => {
    await rig.s3.put(RAW, 'loose-frame.jpg', makeJpeg(24, 24, 3));
    const { handler, observer } = rig.frameHandler();

    await handler(eventFor('loose-frame.jpg'));

    assert.deepEqual(observer.processed[0].tracking, { tracked: false, key: 'loose-frame.jpg', reason: 'no folder: a frame key is <videoId>/<name>.<index>.jpg' });
    assert.ok(rig.log.lines.some((line) => line.message === 'frame not tracked' && line.fields.key === 'loose-frame.jpg'));
    assert.ok(await rig.s3.exists(OUT, 'loose-frame.jpg'));
  });

  it('tracking off (no TRACKING_TABLE): no tracking at all, the frame processed as before', async () => {
    const config = readConfig({ OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true', TRACKING_TABLE: '' });
    const key = frameKey('untracked-video', 0);
    await rig.s3.put(RAW, key, makeJpeg(32, 24, 4));
    const { handler, observer } = rig.frameHandler({ config, tracking: undefined });

    await handler(eventFor(key));

    assert.equal('tracking' in config, false);
    assert.equal(observer.processed[0].tracking, undefined);
    assert.equal((await rig.tracker().status('untracked-video')).state, 'unknown');
  });

  it('a DynamoDB outage after the edge map is written fails the frame; the retry counts it once', async () => {
    const videoId = 'outage';
    const key = frameKey(videoId, 0);
    await rig.s3.put(RAW, key, makeJpeg(32, 24, 5));
    const down = await rig.trackerWithDynamoDown();
    const broken = rig.frameHandler({ tracking: down.tracker });

    const error = await failure(broken.handler(eventFor(key)));

    assert.match(error.failures[0].reason, /^edge map written, but recording the frame for its video failed \(.*ECONNREFUSED.*\); the retry counts it once$/);
    assert.ok(broken.observer.failed[0].error instanceof FrameTrackingError);
    assert.ok(await rig.s3.exists(OUT, key), 'the edge map was written before tracking failed');
    const { handler } = rig.frameHandler();
    await handler(eventFor(key));
    await handler(eventFor(key));
    assert.equal((await rig.tracker().status(videoId)).processedFrames, 1);
    down.client.destroy();
  });
});
