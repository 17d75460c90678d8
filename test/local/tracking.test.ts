// Per-video tracking in the local stack (npm start), end to end through its S3 server: frames and
// capture.json uploaded with an S3 client become video.json in processed-frames and one line in
// events.jsonl (and a printed line); a frame that fails for good reaches the recorder after the
// invoker's retries, and the sweeper, on its interval, publishes the video it completed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { makeJpeg } from '../support/jpegs';
import { waitFor } from '../support/local-stack';
import { useLocalStack } from '../support/use-local-stack';
import { frameKey } from '../support/tracking-world';

describe('local stack: per-video tracking (dynalite, manifest, recorder, sweeper, events.jsonl)', function () {
  this.timeout(60_000);
  // A publication left pending 2 s is the sweeper's: long enough that it never races the inline
  // publisher (which would publish twice, as consumers tolerate, but this test counts events),
  // even with the edge video's threads busy on the same two cores.
  const sweepGrace = { publishGraceMs: 2_000, reconcileGraceMs: 60_000 };
  const local = useLocalStack({ name: 'stack-tracking', concurrency: 2, retries: 1, retryDelayMs: 50, sweepIntervalMs: 200, sweepGrace });
  const { lines } = local;

  const put = (key: string, body: Uint8Array | string) => local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: key, Body: body }));
  const record = async (videoId: string) => {
    const response = await local.client.send(new GetObjectCommand({ Bucket: OUTPUT_BUCKET, Key: `${videoId}/video.json` })).catch(() => undefined);
    return response && JSON.parse(await response.Body!.transformToString());
  };
  const events = async (videoId: string) =>
    (await readFile(join(local.dataDir, 'events.jsonl'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((event) => event.detail.videoId === videoId && event['detail-type'] === 'Video Frames Processed');

  it('frames and capture.json uploaded with an S3 client: video.json in processed-frames, one line in events.jsonl, one printed', async () => {
    const videoId = 'clip a';
    await put(`${videoId}/capture.json`, '{"totalFrames": 3, "frameRate": 24}');
    for (const index of [2, 0, 1]) await put(frameKey(videoId, index), makeJpeg(40, 30, index));
    await local.stack.idle();

    const video = await record(videoId);
    assert.deepEqual([video.status, video.totalFrames, video.processedFrames, video.frameRate], ['complete', 3, 3, 24]);
    const published = await events(videoId);
    assert.equal(published.length, 1);
    // video.json gains the edge video's section once the stitch (which the event starts) is done.
    const { edgeVideo, ...framesRecord } = video;
    assert.equal(edgeVideo.status, 'created');
    assert.deepEqual([published[0].source, published[0]['detail-type'], published[0].detail], ['frame-processor', 'Video Frames Processed', framesRecord]);
    assert.ok(lines.includes(`manifest ${INPUT_BUCKET}/${videoId}/capture.json: total recorded`), lines.join('\n'));
    assert.ok(lines.includes(`event Video Frames Processed: ${videoId} complete, 3 of 3 frames processed, 0 failed (video.json in the output bucket)`), lines.join('\n'));
  });

  it('a frame that fails every retry reaches the recorder; the sweeper publishes the video as complete_with_failures', async () => {
    const videoId = 'clip-b';
    await put(`${videoId}/capture.json`, '{"totalFrames": 2}');
    await put(frameKey(videoId, 0), makeJpeg(40, 30, 7));
    await put(frameKey(videoId, 1), 'not a jpeg');
    await local.stack.idle();

    const video = await waitFor(() => record(videoId), () => lines.join('\n'));
    assert.deepEqual([video.status, video.processedFrames, video.failedFrames], ['complete_with_failures', 1, [frameKey(videoId, 1)]]);
    assert.equal((await events(videoId)).length, 1);
    assert.ok(lines.some((line) => line.startsWith(`FAILED ${INPUT_BUCKET}/${frameKey(videoId, 1)} (attempt 2, no retries left`)));
  });

  it('a refused capture.json is printed with its reason, as a failed frame is', async () => {
    await put('clip-r/capture.json', '{"totalFrames": "many"}');
    await put('clip-s/capture.json', '{"totalFrames": 3}');
    await local.stack.idle();

    const refused = lines.filter((line) => line.startsWith(`manifest ${INPUT_BUCKET}/clip-r/capture.json: `));
    assert.equal(refused.length, 1, lines.join('\n'));
    assert.equal(refused[0], 'manifest raw-frames/clip-r/capture.json: REFUSED, not retried: totalFrames is a string "many", not a number');
    assert.ok(lines.includes(`manifest ${INPUT_BUCKET}/clip-s/capture.json: total recorded`), lines.join('\n'));
  });

  it('keeps dynalite under the data folder without showing it as a bucket', async () => {
    const { Buckets } = await local.client.send(new ListBucketsCommand({}));

    assert.deepEqual(Buckets?.map((bucket) => bucket.Name).sort(), [OUTPUT_BUCKET, INPUT_BUCKET]);
    assert.match(local.stack.dynamoEndpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('local stack: VIDEO_STALL_AFTER, in seconds', function () {
  this.timeout(60_000);
  const local = useLocalStack({ name: 'stack-stall', concurrency: 1, env: { LOG_LEVEL: 'SILENT', VIDEO_STALL_AFTER: '2' } });
  const { lines } = local;

  it('a video with frames and no total is reported stalled within seconds, the event printed', async () => {
    for (const index of [0, 1]) await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: frameKey('quiet', index), Body: makeJpeg(32, 24, index) }));
    const line = await waitFor(() => lines.find((printed) => printed.startsWith('event Video Stalled: quiet: waiting for a total')), () => lines.join('\n'), 20_000);
    assert.match(line, /no progress for \d+ s$/);
  });
});
