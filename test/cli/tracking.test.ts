// The command line on S3 as a backfill with a tracking table (--table): every frame it reads from
// S3 is recorded for its video, processed or failed, as the deployed function records it; the
// stack's sweeper then publishes the video (this command never publishes).
import assert from 'node:assert/strict';
import { CliProcess } from '../support/cli';
import { makeJpeg } from '../support/jpegs';
import { s3Environment } from '../support/s3-cli';
import { OUT, RAW, TRACKING_TABLE, useTrackingRig } from '../support/tracking-functions';
import { frameKey } from '../support/tracking-world';

describe('CLI on S3 with a tracking table (s3rver + dynalite)', function () {
  this.timeout(60_000);
  const rig = useTrackingRig();
  const cli = (...args: string[]) => new CliProcess(args, { env: { ...s3Environment(rig.s3.endpoint), AWS_ENDPOINT_URL_DYNAMODB: rig.dynamo.endpoint } }).ended;

  it('records each frame and each failure for its video; a poster beside the frames is no frame; the sweeper publishes the video', async () => {
    const videoId = 'backfilled/clip';
    for (const index of [0, 1, 3]) await rig.s3.put(RAW, frameKey(videoId, index), makeJpeg(24, 16, index));
    await rig.s3.put(RAW, frameKey(videoId, 2), 'not a jpeg');
    await rig.s3.put(RAW, `${videoId}/poster1.jpg`, makeJpeg(24, 16, 9));
    await rig.tracker().recordTotal({ videoId, totalFrames: 4, frameRate: 30, source: 'manifest' });

    const run = await cli(`s3://${RAW}/${videoId}/`, '--out', `s3://${OUT}/${videoId}/`, '--table', TRACKING_TABLE, '--concurrency', '2');

    assert.equal(run.code, 1, 'one frame failed');
    const status = await rig.tracker().status(videoId);
    assert.deepEqual([status.state, status.processedFrames, status.failedFrames], ['complete_with_failures', 3, 1]);
    assert.equal(status.published, false, 'this command does not publish');
    await rig.tracker().sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
    const record = await rig.videoRecord(videoId);
    assert.deepEqual([record.status, record.failedFrames], ['complete_with_failures', [frameKey(videoId, 2)]]);
  });

  it('refuses --table unless the edge maps land at the frames own keys, and with file inputs', async () => {
    const moved = await cli(`s3://${RAW}/clip/`, '--out', `s3://${OUT}/edges/`, '--table', TRACKING_TABLE);
    assert.equal(moved.code, 2);
    assert.match(moved.stderr, /--table needs the edge maps at the frames' own keys, as the function writes them: give --out s3:\/\/processed-frames\/clip\/ for the input s3:\/\/raw-frames\/clip\//);
    const both = await cli(`s3://${RAW}/clip/`, '--out', `s3://${OUT}/clip/`, '--table', TRACKING_TABLE, '--stack', 'frame-processor-dev');
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--table and --stack exclude each other/);
  });
});
