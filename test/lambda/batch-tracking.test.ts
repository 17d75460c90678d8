// S3 Batch Operations with per-video tracking on, over real s3rver and dynalite: a backfilled frame
// goes through the same per-object path as a triggered one, so it is counted exactly alike; a
// re-run of the job (either schema version) and a redriven task never count a frame twice; a frame
// that cannot be recorded is answered TemporaryFailure, so S3 redrives it. A frame answered
// PermanentFailure (Batch Operations invokes synchronously: no on-failure destination, no
// recorder) is recorded failed for its video in the same invocation, so the video completes.
import assert from 'node:assert/strict';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { BatchResponse } from '../../src/lambda/batch-event';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { createManifestHandler } from '../../src/lambda/tracking/manifest';
import { batchEventFor, recordFor } from '../support/events';
import { makeJpeg } from '../support/jpegs';
import { frameKey } from '../support/tracking-world';
import { RAW, useTrackingRig } from '../support/tracking-functions';

const codes = (response: unknown) => (response as BatchResponse).results.map((result) => result.resultCode);

describe('S3 Batch Operations with tracking on (s3rver + dynalite)', function () {
  this.timeout(30_000);
  const rig = useTrackingRig();

  it('counts backfilled frames exactly like triggered ones; re-runs never count a frame twice, and the video completes once', async () => {
    const videoId = 'backfill/take 1';
    const { keys, manifestEvent } = await rig.putVideo(videoId, 3, 32, 24);
    const { handler } = rig.entryPoint();

    await handler({ Records: [recordFor(RAW, encodeEventKey(keys[0]))] });
    const backfilled = await handler(batchEventFor('2.0', RAW, ...keys.map(encodeEventKey)));
    const counted = (await rig.tracker().status(videoId)).processedFrames;
    await createManifestHandler({ s3: rig.functionS3, tracker: rig.tracker(), report: rig.report() })(manifestEvent);
    const rerun = await handler(batchEventFor('1.0', RAW, ...keys.map(encodeEventKey)));

    assert.deepEqual([codes(backfilled), codes(rerun)], [['Succeeded', 'Succeeded', 'Succeeded'], ['Succeeded', 'Succeeded', 'Succeeded']]);
    assert.equal(counted, 3, 'the frame S3 triggered and the job then backfilled counts once');
    const record = await rig.videoRecord(videoId);
    assert.deepEqual([record.status, record.processedFrames, record.totalFrames], ['complete', 3, 3]);
    assert.equal((await rig.events(videoId)).length, 1);
  });

  it('a corrupt backfilled frame and a missing one: PermanentFailure, recorded failed in the same invocation, the video completes with failures', async () => {
    const videoId = 'backfill/corrupt';
    const { keys, manifestEvent } = await rig.putVideo(videoId, 4, 32, 24);
    await rig.s3.put(RAW, keys[1], 'not a jpeg');
    await rig.s3.client.send(new DeleteObjectCommand({ Bucket: RAW, Key: keys[3] }));
    await createManifestHandler({ s3: rig.functionS3, tracker: rig.tracker(), report: rig.report() })(manifestEvent);

    const response = (await rig.entryPoint().handler(batchEventFor('2.0', RAW, ...keys.map(encodeEventKey)))) as BatchResponse;

    assert.deepEqual(codes(response), ['Succeeded', 'PermanentFailure', 'Succeeded', 'PermanentFailure']);
    await rig.tracker().sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
    const record = await rig.videoRecord(videoId);
    assert.deepEqual([record.status, record.processedFrames, record.failedFrameCount, record.failedFrames], ['complete_with_failures', 2, 2, [keys[1], keys[3]]]);
  });

  it('a permanent failure that cannot be recorded for its video is answered TemporaryFailure, so S3 redrives it and it is recorded then', async () => {
    const key = frameKey('backfill-unrecorded', 0);
    await rig.s3.put(RAW, key, 'not a jpeg');
    const down = await rig.trackerWithDynamoDown();
    const event = batchEventFor('2.0', RAW, encodeEventKey(key));

    const first = (await rig.entryPoint({ tracking: down.tracker }).handler(event)) as BatchResponse;
    const redriven = (await rig.entryPoint().handler(event)) as BatchResponse;

    assert.deepEqual([codes(first), codes(redriven)], [['TemporaryFailure'], ['PermanentFailure']]);
    assert.match(first.results[0].resultString, /^FrameTrackingError: NotAJpegError: .*; recording the failure for its video failed/);
    assert.equal((await rig.tracker().status('backfill-unrecorded')).failedFrames, 1);
    down.client.destroy();
  });

  it('answers TemporaryFailure when the frame cannot be recorded for its video, and the redriven task counts it once', async () => {
    const key = frameKey('backfill-outage', 0);
    await rig.s3.put(RAW, key, makeJpeg(32, 24, 7));
    const down = await rig.trackerWithDynamoDown();
    const event = batchEventFor('2.0', RAW, encodeEventKey(key));

    const failed = (await rig.entryPoint({ tracking: down.tracker }).handler(event)) as BatchResponse;
    await rig.entryPoint().handler(event);
    await rig.entryPoint().handler(event);

    assert.deepEqual(codes(failed), ['TemporaryFailure']);
    assert.match(failed.results[0].resultString, /^FrameTrackingError: edge map written, but recording the frame for its video failed/);
    assert.equal((await rig.tracker().status('backfill-outage')).processedFrames, 1);
    down.client.destroy();
  });
});
