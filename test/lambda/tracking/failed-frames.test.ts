// The failed-frame recorder over real dynalite: destination records (SNS-wrapped fixtures, as the
// failure topic delivers them) mark their frames failed, so the video completes as
// complete_with_failures; the recorder never publishes (the sweeper does); a frame that was also
// processed stays processed; records it cannot read are logged and dropped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFailedFrameRecorder } from '../../../src/lambda/tracking/failed-frames';
import { failedFramesOf } from '../../../src/lambda/tracking/destination-record';
import { frameKey } from '../../support/tracking-world';
import { useTrackingRig } from '../../support/tracking-functions';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'tracking', name), 'utf8'));
const manifest = (totalFrames: number) => new TextEncoder().encode(JSON.stringify({ totalFrames }));

describe('tracking functions: the failed-frame recorder', function () {
  this.timeout(20_000);
  const rig = useTrackingRig();
  const recorder = () => createFailedFrameRecorder({ tracker: rig.tracker({ publishes: false }), report: rig.report() });

  it('reads the failed frames and their reasons from each kind of destination record', () => {
    assert.deepEqual(failedFramesOf(fixture('destination-retries-exhausted.json')).frames, [
      { bucket: 'raw-frames', key: 'lobby cam/frame.0000001.jpg', reason: 'not a JPEG: the file starts with 3c 68 74 6d, not FF D8 (invocations: 3)' },
      { bucket: 'raw-frames', key: 'lobby cam/frame.0000002.jpg', reason: 'GetObject failed: InternalError HTTP 500 (We encountered an internal error. Please try again.), after 3 attempts (invocations: 3)' },
    ]);
    assert.deepEqual(failedFramesOf(fixture('destination-event-age.json')).frames, [
      { bucket: 'raw-frames', key: 'lobby cam/frame.0000004.jpg', reason: 'never processed: the event outlived the maximum event age (invocations: 0)' },
    ]);
    assert.deepEqual(failedFramesOf(fixture('destination-batch.json')).frames, [
      { bucket: 'raw-frames', key: 'archive/2019/frame.0000000.jpg', reason: 'S3TransferError: archive/2019/frame.0000000.jpg: GetObject failed: AccessDenied HTTP 403 (Access Denied) (invocations: 3)' },
    ]);
  });

  it('records the failures of a retries-exhausted S3 event; the video completes as complete_with_failures, published by the sweeper', async () => {
    const videoId = 'lobby cam';
    const tracker = rig.tracker();
    await tracker.manifest(manifest(4), `${videoId}/capture.json`);
    for (const index of [0, 3]) await tracker.frameProcessed(frameKey(videoId, index));

    const outcome = await recorder()(fixture('destination-retries-exhausted.json'));

    assert.deepEqual(outcome, { done: 2, refused: 0 });
    const status = await tracker.status(videoId);
    assert.deepEqual([status.state, status.processedFrames, status.failedFrames, status.published], ['complete_with_failures', 2, 2, false]);
    assert.deepEqual(await rig.events(videoId), [], 'the recorder does not publish');
    assert.ok(rig.log.lines.some((line) => line.message === 'video after the failed frame' && line.fields.state === 'complete_with_failures'));
    await tracker.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
    const record = await rig.videoRecord(videoId);
    assert.deepEqual([record.status, record.failedFrames], ['complete_with_failures', [frameKey(videoId, 1), frameKey(videoId, 2)]]);
    assert.equal((await rig.events(videoId)).length, 1);
  });

  it('a frame of a batch event that was also processed stays processed, whatever the redeliveries', async () => {
    const videoId = 'archive/2019';
    const tracker = rig.tracker();
    await tracker.manifest(manifest(2), `${videoId}/capture.json`);
    await tracker.frameProcessed(frameKey(videoId, 0));

    await recorder()(fixture('destination-batch.json'));
    await recorder()(fixture('destination-batch.json'));
    await tracker.frameProcessed(frameKey(videoId, 1));

    const status = await tracker.status(videoId);
    assert.deepEqual([status.state, status.processedFrames, status.failedFrames], ['complete', 2, 0]);
  });

  it('logs what it cannot read and finishes without a retry', async () => {
    const outcome = await recorder()({ Records: [{ Sns: { Message: 'not json' } }, { Sns: { Message: '{"requestPayload": {}}' } }, { EventSource: 'aws:sqs' }] });

    assert.deepEqual(outcome, { done: 0, refused: 0 });
    const problems = rig.log.lines.filter((line) => line.message === 'destination record not understood').map((line) => line.fields.reason);
    assert.deepEqual(problems, [
      'record 1: the message is not JSON',
      'record 2: not a Lambda destination record (no requestContext)',
      'record 3: not an SNS notification (no Sns.Message)',
    ]);
  });
});
