// The edge video in the local stack (npm start), end to end through its S3 server: a 12-frame
// video's frames and capture.json uploaded with an S3 client, STITCH_SEGMENT_FRAMES=4 in the
// stack's environment -> processed-frames/<videoId>/edges.mp4 with 12 frames (ffprobe), stitched
// as 3 segments on the stitch threads, the "Edge Video Created" event in events.jsonl and printed
// with where the file is. Bad stitch settings refuse the start, naming the variable.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { DYNALITE_CREDENTIALS } from '../../src/local/dynamo-server';
import { startLocalStack } from '../../src/local/stack';
import { LOCAL_STITCH_SWEEP } from '../../src/local/stitch';
import { readTrackingConfig } from '../../src/lambda/tracking-config';
import { createTracker } from '../../src/lambda/tracking-setup';
import { SILENT_LOG } from '../../src/tracking/context';
import { STITCH_OUTBOX } from '../../src/video/stitch/state';
import { StitchSettingsError } from '../../src/video/errors';
import { makeJpeg } from '../support/jpegs';
import { useLocalStack } from '../support/use-local-stack';
import { probeVideo } from '../support/media-probe';
import { frameKey } from '../support/tracking-world';

const eventsOf = async (file: string, videoId: string) =>
  (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line)).filter((event) => event.detail.videoId === videoId);

describe('local stack: the edge video (stitch threads, events.jsonl)', function () {
  this.timeout(60_000);
  const local = useLocalStack({ name: 'stack-stitch', concurrency: 2, retries: 1, retryDelayMs: 50, env: { LOG_LEVEL: 'SILENT', STITCH_SEGMENT_FRAMES: '4' } });
  const { lines } = local;

  const objectBytes = async (key: string) => {
    const response = await local.client.send(new GetObjectCommand({ Bucket: OUTPUT_BUCKET, Key: key }));
    return response.Body!.transformToByteArray();
  };

  it('a 12-frame video with STITCH_SEGMENT_FRAMES=4: edges.mp4 of 12 frames from 3 segments, the event printed with the file', async () => {
    const videoId = 'walk-12';
    for (let index = 0; index < 12; index++) await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: frameKey(videoId, index), Body: makeJpeg(96, 64, index + 1) }));
    await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: `${videoId}/capture.json`, Body: '{"totalFrames": 12, "frameRate": 30}' }));
    await local.stack.idle();

    const mp4 = join(local.dataDir, 'walk-12.mp4');
    const bytes = await objectBytes(`${videoId}/edges.mp4`);
    await writeFile(mp4, bytes);
    const probed = await probeVideo(mp4);
    assert.deepEqual([probed.codec, probed.frameCount, probed.width, probed.height, probed.avgFrameRate], ['h264', 12, 94, 62, '30/1']);
    const record = JSON.parse(new TextDecoder().decode(await objectBytes(`${videoId}/video.json`)));
    assert.deepEqual([record.edgeVideo.status, record.edgeVideo.frames, record.edgeVideo.segments, record.edgeVideo.segmentFrames], ['created', 12, 3, 4]);
    const events = await eventsOf(local.stack.eventsFile, videoId);
    assert.deepEqual(events.map((event) => event['detail-type']), ['Video Frames Processed', 'Edge Video Created']);
    assert.deepEqual(events[1].detail, record);
    const encoded = lines.filter((line) => new RegExp(`^stitch segment \\d of ${videoId}: encoded`).test(line));
    assert.equal(encoded.length, 3, lines.join('\n'));
    const printed = lines.find((line) => line.startsWith(`event Edge Video Created: ${videoId}, 12 frames (0.4 s) 94x62 in 3 segments`));
    assert.ok(printed, lines.join('\n'));
    const file = /file: {2}(.+)$/m.exec(printed)![1];
    assert.deepEqual(await readFile(file), Buffer.from(bytes), 'the file the line names holds edges.mp4');
    assert.match(printed, new RegExp(`ffplay ${local.stack.endpoint}/${OUTPUT_BUCKET}/${videoId}/edges\\.mp4`));
  });

  it('refuses to start with a STITCH_SEGMENT_FRAMES or STITCH_QP that is not valid, naming the variable', async () => {
    for (const [name, value] of [['STITCH_SEGMENT_FRAMES', 'four'], ['STITCH_SEGMENT_FRAMES', '0'], ['STITCH_QP', '52']]) {
      await assert.rejects(
        startLocalStack({ port: 0, dataDir: join(local.dataDir, 'refused'), env: { [name]: value }, print: () => undefined }),
        (error: Error) => error instanceof StitchSettingsError && error.message.startsWith(`${name}="${value}": must be `),
      );
    }
  });
});

describe('local stack: the stitch sweeper re-drives a video whose planner event was lost', function () {
  this.timeout(60_000);
  // Only the plan is re-driven at once: the later steps keep their graces, so the sweeper never
  // races the steps themselves (that would publish twice, which consumers tolerate, but this counts).
  const graceMs = { ...LOCAL_STITCH_SWEEP.graceMs, [STITCH_OUTBOX.plan]: 0 };
  const local = useLocalStack({ name: 'stack-stitch-sweep', concurrency: 1, sweepIntervalMs: 200, stitchSweep: { ...LOCAL_STITCH_SWEEP, graceMs } });
  const { lines } = local;

  it('a video completed with EDGE_VIDEO=on, its event sent elsewhere, gets its edges.mp4 from the sweeper', async () => {
    const videoId = 'lost-event';
    const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: local.stack.dynamoEndpoint, credentials: DYNALITE_CREDENTIALS });
    // The frame accounting configured as the local.stack configures its frame workers (EDGE_VIDEO=on), but
    // its event goes to a file no one reads: only the hand-on to stitch-plan lets the sweeper find the video.
    const elsewhere = join(local.dataDir, 'lost-events.jsonl');
    const config = readTrackingConfig({ TRACKING_TABLE: local.stack.trackingTable, TRACKING_EVENTS_FILE: elsewhere, EDGE_VIDEO: 'on' })!;
    const tracker = createTracker(config, { publishTo: { s3: local.client, outputBucket: OUTPUT_BUCKET }, log: SILENT_LOG, client: dynamo });
    try {
      for (let index = 0; index < 3; index++) await local.client.send(new PutObjectCommand({ Bucket: OUTPUT_BUCKET, Key: frameKey(videoId, index), Body: makeJpeg(48, 32, index + 1) }));
      await tracker.manifest(new TextEncoder().encode('{"totalFrames": 3}'), `${videoId}/capture.json`);
      for (let index = 0; index < 3; index++) await tracker.frameProcessed(frameKey(videoId, index));
      assert.deepEqual((await eventsOf(elsewhere, videoId)).map((event) => event['detail-type']), ['Video Frames Processed']);

      let created: unknown[] = [];
      for (const deadline = Date.now() + 30_000; created.length === 0 && Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        created = (await eventsOf(local.stack.eventsFile, videoId).catch(() => [])).filter((event) => event['detail-type'] === 'Edge Video Created');
      }
      assert.equal(created.length, 1, lines.join('\n'));
      const response = await local.client.send(new GetObjectCommand({ Bucket: OUTPUT_BUCKET, Key: `${videoId}/edges.mp4` }));
      const mp4 = join(local.dataDir, 'lost-event.mp4');
      await writeFile(mp4, await response.Body!.transformToByteArray());
      assert.equal((await probeVideo(mp4)).frameCount, 3);
    } finally {
      dynamo.destroy();
    }
  });
});
