// The local stack (npm start) in-process: a real S3 server on 127.0.0.1 whose uploads reach the
// real handler, as S3 would deliver them. The `npm start` script itself: npm-start.test.ts.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { decode } from 'jpeg-js';
import { isJpegName } from '../../src/core/frame-names';
import { processFrame } from '../../src/core/pipeline';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { asS3Event } from '../../src/local/s3rver-events';
import { startLocalStack, type LocalStack } from '../../src/local/stack';
import { makeJpeg } from '../support/jpegs';
import { clientFor, generatedSamples } from '../support/local-stack';
import { objectExists } from '../support/s3-server';

const REPO_SAMPLES = join(__dirname, '..', '..', 'samples');

async function getBytes(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

async function frameFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && isJpegName(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

describe('local stack: S3 server + handler on 127.0.0.1', function () {
  this.timeout(60_000);
  let dataDir: string;
  let samplesDir: string;
  let stack: LocalStack;
  let client: S3Client;
  const lines: string[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-stack-'));
    samplesDir = existsSync(REPO_SAMPLES) ? REPO_SAMPLES : await generatedSamples(dataDir);
    stack = await startLocalStack({ port: 0, dataDir: join(dataDir, 'data'), concurrency: 2, retries: 1, retryDelayMs: 50, env: { LOG_LEVEL: 'SILENT' }, print: (line) => lines.push(line) });
    client = clientFor(stack.endpoint);
  });
  after(async () => {
    client?.destroy();
    await stack?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and processes the sample frames at start', async () => {
    const expected = await frameFiles(samplesDir);

    const uploaded = await stack.uploadSamples(samplesDir);
    await stack.idle();

    assert.match(stack.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(uploaded, expected);
    assert.ok(expected.length > 0);
    for (const key of expected) {
      const edges = decode(await getBytes(client, OUTPUT_BUCKET, key), { useTArray: true });
      const frame = decode(await readFile(join(samplesDir, key)), { useTArray: true });
      assert.deepEqual([edges.width, edges.height], [frame.width - 2, frame.height - 2], key);
    }
  });

  it('processes an upload with an awkward key into the same key, exactly as the handler does in-process', async () => {
    const key = 'camera 7/кадр+001 🎞.jpg';
    const frame = makeJpeg(80, 60, 21);

    await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: key, Body: frame }));
    await stack.idle();

    const expected = processFrame(frame, { blurModifier: 8, quality: 75, format: 'jpeg' });
    assert.deepEqual(await getBytes(client, OUTPUT_BUCKET, key), Buffer.from(expected.bytes));
  });

  it('stores streamed uploads (aws-chunked with a trailing checksum, as the SDK and AWS CLI send them) intact', async () => {
    const frame = makeJpeg(64, 64, 5);

    await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'streamed/frame.jpg', Body: Readable.from([frame.subarray(0, 1000), frame.subarray(1000)]), ContentLength: frame.length }));
    await stack.idle();

    assert.deepEqual(await getBytes(client, INPUT_BUCKET, 'streamed/frame.jpg'), frame);
    assert.ok(await objectExists(client, OUTPUT_BUCKET, 'streamed/frame.jpg'));
  });

  it('processes a burst of uploads exactly once each, with bounded concurrency', async () => {
    const before = { ...stack.stats };
    const keys = Array.from({ length: 24 }, (_, i) => `burst/frame.${String(i).padStart(4, '0')}.jpg`);

    await Promise.all(keys.map((key, i) => client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: key, Body: makeJpeg(40, 30, i) }))));
    await stack.idle();

    assert.equal(stack.stats.invocations - before.invocations, keys.length);
    assert.equal(stack.stats.succeeded - before.succeeded, keys.length);
    for (const key of keys) assert.ok(await objectExists(client, OUTPUT_BUCKET, key), key);
  });

  it('skips other keys, and retries a failing frame before writing it to failed-events.jsonl', async () => {
    const before = { ...stack.stats };

    await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'clip/video.mp4', Body: 'not a frame' }));
    await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'clip/broken.jpg', Body: 'not a jpeg either' }));
    await stack.idle();

    assert.equal(await objectExists(client, OUTPUT_BUCKET, 'clip/video.mp4'), false);
    assert.equal(await objectExists(client, OUTPUT_BUCKET, 'clip/broken.jpg'), false);
    assert.deepEqual([stack.stats.retried - before.retried, stack.stats.failed - before.failed], [1, 1]);
    const failed = (await readFile(join(dataDir, 'data', 'failed-events.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(failed.length, 1);
    assert.equal(failed[0].event.Records[0].s3.object.key, 'clip/broken.jpg');
    assert.match(failed[0].error, /"raw-frames\/clip\/broken\.jpg": not a JPEG/);
    assert.ok(lines.some((line) => line.startsWith('FAILED raw-frames/clip/broken.jpg (attempt 2, no retries left')));
  });

  it("turns s3rver's event into the one S3 writes: one record, key form-urlencoded, a well-formed ARN", () => {
    const record = { eventName: 'ObjectCreated:Put', eventTime: 't', userIdentity: { principalId: 'p' }, requestParameters: { sourceIPAddress: '127.0.0.1' }, responseElements: {} };
    const s3 = { bucket: { name: 'raw-frames', ownerIdentity: { principalId: 'o' } }, object: { key: 'a b/c+d%é.jpg', size: 3, eTag: 'e', sequencer: '1' } };

    const event = asS3Event({ ...record, s3 });

    assert.deepEqual(event, {
        Records: [
          {
            ...record,
            eventVersion: '2.1',
            eventSource: 'aws:s3',
            awsRegion: 'us-east-1',
            s3: {
              s3SchemaVersion: '1.0',
              configurationId: 'local-stack',
              bucket: { name: 'raw-frames', ownerIdentity: { principalId: 'o' }, arn: 'arn:aws:s3:::raw-frames' },
              object: { key: 'a+b/c%2Bd%25%C3%A9.jpg', size: 3, eTag: 'e', sequencer: '1' },
            },
          },
        ],
    });
  });
});

describe('local stack: start-up', () => {
  it("refuses to start with the handler's configuration error, and frees its port", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-bad-'));
    try {
      const start = startLocalStack({ port: 0, dataDir, concurrency: 1, env: { BLUR_MODIFIER: 'lots' }, print: () => undefined });

      await assert.rejects(start, /BLUR_MODIFIER="lots": must be a finite number >= 0/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

