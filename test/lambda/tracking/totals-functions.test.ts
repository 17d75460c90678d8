// The functions that bring a video's total from elsewhere, over real servers: the MediaConvert
// function (EventBridge fixtures, the capture folder listed from s3rver, page by page) and the
// table-totals function (a jobs table's stream fixture), which closes the gap of a total another
// writer put on the table after the video's last chunk promotion.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { createMediaConvertHandler } from '../../../src/lambda/tracking/mediaconvert';
import { createTableTotalsHandler } from '../../../src/lambda/tracking/table-totals';
import { S3Lister } from '../../../src/tracking/s3-objects';
import { startTestS3, type TestS3 } from '../../support/s3-server';
import { frameKey } from '../../support/tracking-world';
import { TRACKING_TABLE, useTrackingRig } from '../../support/tracking-functions';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'tracking', name), 'utf8'));

describe('tracking functions: totals from MediaConvert and from the jobs table', function () {
  this.timeout(30_000);
  const rig = useTrackingRig();
  let capture: TestS3;
  before(async () => {
    capture = await startTestS3(['frames-in']);
    const frames = [...Array.from({ length: 100 }, (_, i) => frameKey('dock/north', i, 'still').replace(/jpg$/, 'JPG')), ...Array.from({ length: 50 }, (_, i) => frameKey('dock/south', i, 'still').replace(/jpg$/, 'jpeg'))];
    await Promise.all(frames.map((key) => capture.put('frames-in', key, 'frame')));
    await capture.put('frames-in', 'dock/hls/main_1.m3u8', '#EXTM3U');
  });
  after(async () => capture?.close());

  const mediaConvert = (inputBucket = 'frames-in') =>
    createMediaConvertHandler({ tracker: rig.tracker(), lister: new S3Lister(capture.client, 30), inputBucket, report: rig.report() });

  it('MediaConvert COMPLETE: each capture folder counted from its listing; a video whose frames are all in completes', async () => {
    const tracker = rig.tracker();
    for (let index = 0; index < 50; index++) await tracker.frameProcessed(frameKey('dock/south', index, 'still').replace(/jpg$/, 'jpeg'));

    const outcome = await mediaConvert()(fixture('mediaconvert-two-groups.json'));

    assert.deepEqual(outcome, { done: 1, refused: 0 });
    const north = await tracker.status('dock/north');
    assert.deepEqual([north.state, north.totalFrames, north.frameRate], ['waiting-for-numbering', 100, 25]);
    const south = await rig.videoRecord('dock/south');
    assert.deepEqual([south.status, south.totalFrames, south.totalSource], ['complete', 50, 'mediaconvert']);
    assert.equal((await rig.events('dock/south')).length, 1);
    assert.ok(rig.log.lines.some((line) => line.message === 'MediaConvert total recorded' && line.fields.videoId === 'dock/south' && line.fields.state === 'complete'));
  });

  it('MediaConvert: another status is ignored; an output outside the input bucket is refused, logged, kept, not retried', async () => {
    assert.deepEqual(await mediaConvert()(fixture('mediaconvert-error.json')), { done: 1, refused: 0 });

    const outcome = await mediaConvert('raw-frames')(fixture('mediaconvert-complete.json'));

    assert.deepEqual(outcome, { done: 1, refused: 0 });
    const refusal = rig.log.lines.find((line) => line.message === 'MediaConvert output refused');
    assert.match(String(refusal?.fields.reason), /output harbour: .*the job wrote its frames to bucket frames-in, not to the input bucket raw-frames: not counted/);
    const status = await rig.tracker().status('videos/harbour-cam');
    assert.deepEqual([status.state, status.totalFrames], ['waiting-for-total', undefined]);
    assert.match(status.totalProblem ?? '', /not to the input bucket raw-frames/);
  });

  it("jobs table stream: a TotalFrames another writer set after the video's last promotion completes the video", async () => {
    const videoId = 'jobs/cam-7';
    const tracker = rig.tracker();
    for (const index of [0, 1, 2]) await tracker.frameProcessed(frameKey(videoId, index));
    await rig.dynamo.client().send(
      new UpdateItemCommand({
        TableName: TRACKING_TABLE,
        Key: { VideoId: { S: videoId } },
        UpdateExpression: 'SET TotalFrames = :total, MediaConvertStatus = :complete',
        ExpressionAttributeValues: { ':total': { N: '3' }, ':complete': { S: 'COMPLETE' } },
      }),
    );
    assert.equal(await rig.s3.exists('processed-frames', `${videoId}/video.json`), false, 'nothing else notices the total');

    const outcome = await createTableTotalsHandler({ tracker, report: rig.report() })(fixture('jobs-table-stream.json'));

    assert.deepEqual(outcome, { done: 1, refused: 0 });
    const record = await rig.videoRecord(videoId);
    assert.deepEqual([record.status, record.totalFrames, record.totalSource], ['complete', 3, 'table']);
    assert.equal((await rig.events(videoId)).length, 1);
    const refused = rig.log.lines.filter((line) => line.message.startsWith('TotalFrames on the table is not a valid total'));
    assert.deepEqual(refused.map((line) => line.fields.reason), ['jobs/cam-10: TotalFrames -5 is negative']);
    assert.equal((await tracker.status('jobs/cam-8')).state, 'unknown', 'a TotalFrames tracking recorded already (fp_Total_table) is not recorded again');
  });
});
