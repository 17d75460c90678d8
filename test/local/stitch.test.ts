// The edge video in the local stack (npm start), end to end through its S3 server: a 12-frame
// video's frames and capture.json uploaded with an S3 client, STITCH_SEGMENT_FRAMES=4 in the
// stack's environment -> processed-frames/<videoId>/edges.mp4 with 12 frames (ffprobe), stitched
// as 3 segments on the stitch threads, the "Edge Video Created" event in events.jsonl and printed
// with where the file is. Bad stitch settings refuse the start, naming the variable.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { startLocalStack, type LocalStack } from '../../src/local/stack';
import { StitchSettingsError } from '../../src/video/errors';
import { makeJpeg } from '../support/jpegs';
import { clientFor } from '../support/local-stack';
import { probeVideo } from '../support/media-probe';
import { frameKey } from '../support/tracking-world';

describe('local stack: the edge video (stitch threads, events.jsonl)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let stack: LocalStack;
  let client: S3Client;
  const lines: string[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-stack-stitch-'));
    const env = { LOG_LEVEL: 'SILENT', STITCH_SEGMENT_FRAMES: '4' };
    stack = await startLocalStack({ port: 0, dataDir, concurrency: 2, retries: 1, retryDelayMs: 50, env, print: (line) => lines.push(line) });
    client = clientFor(stack.endpoint);
  });
  after(async () => {
    client?.destroy();
    await stack?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const objectBytes = async (key: string) => {
    const response = await client.send(new GetObjectCommand({ Bucket: OUTPUT_BUCKET, Key: key }));
    return response.Body!.transformToByteArray();
  };

  it('a 12-frame video with STITCH_SEGMENT_FRAMES=4: edges.mp4 of 12 frames from 3 segments, the event printed with the file', async () => {
    const videoId = 'walk-12';
    for (let index = 0; index < 12; index++) await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: frameKey(videoId, index), Body: makeJpeg(96, 64, index + 1) }));
    await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: `${videoId}/capture.json`, Body: '{"totalFrames": 12, "frameRate": 30}' }));
    await stack.idle();

    const mp4 = join(dataDir, 'walk-12.mp4');
    const bytes = await objectBytes(`${videoId}/edges.mp4`);
    await writeFile(mp4, bytes);
    const probed = await probeVideo(mp4);
    assert.deepEqual([probed.codec, probed.frameCount, probed.width, probed.height, probed.avgFrameRate], ['h264', 12, 94, 62, '30/1']);
    const record = JSON.parse(new TextDecoder().decode(await objectBytes(`${videoId}/video.json`)));
    assert.deepEqual([record.edgeVideo.status, record.edgeVideo.frames, record.edgeVideo.segments, record.edgeVideo.segmentFrames], ['created', 12, 3, 4]);
    const events = (await readFile(stack.eventsFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line)).filter((event) => event.detail.videoId === videoId);
    assert.deepEqual(events.map((event) => event['detail-type']), ['Video Frames Processed', 'Edge Video Created']);
    assert.deepEqual(events[1].detail, record);
    const encoded = lines.filter((line) => new RegExp(`^stitch segment \\d of ${videoId}: encoded`).test(line));
    assert.equal(encoded.length, 3, lines.join('\n'));
    const printed = lines.find((line) => line.startsWith(`event Edge Video Created: ${videoId}, 12 frames (0.4 s) 94x62 in 3 segments`));
    assert.ok(printed, lines.join('\n'));
    const file = /file: {2}(.+)$/m.exec(printed)![1];
    assert.deepEqual(await readFile(file), Buffer.from(bytes), 'the file the line names holds edges.mp4');
    assert.match(printed, new RegExp(`ffplay ${stack.endpoint}/${OUTPUT_BUCKET}/${videoId}/edges\\.mp4`));
  });

  it('refuses to start with a STITCH_SEGMENT_FRAMES or STITCH_QP that is not valid, naming the variable', async () => {
    for (const [name, value] of [['STITCH_SEGMENT_FRAMES', 'four'], ['STITCH_SEGMENT_FRAMES', '0'], ['STITCH_QP', '52']]) {
      await assert.rejects(
        startLocalStack({ port: 0, dataDir: join(dataDir, 'refused'), env: { [name]: value }, print: () => undefined }),
        (error: Error) => error instanceof StitchSettingsError && error.message.startsWith(`${name}: "${value}" is not`),
      );
    }
  });
});
