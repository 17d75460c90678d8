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
import { startLocalStack } from '../../src/local/stack';
import { makeJpeg } from '../support/jpegs';
import { generatedSamples } from '../support/local-stack';
import { useLocalStack } from '../support/use-local-stack';
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
  const local = useLocalStack({ name: 'stack', dataSubdir: 'data', concurrency: 2, retries: 1, retryDelayMs: 50 });
  const { lines } = local;
  let samplesDir: string;
  before(async () => (samplesDir = existsSync(REPO_SAMPLES) ? REPO_SAMPLES : await generatedSamples(local.root)));

  it('listens on 127.0.0.1 and processes the sample frames at start', async () => {
    const expected = await frameFiles(samplesDir);

    const uploaded = await local.stack.uploadSamples(samplesDir);
    await local.stack.idle();

    assert.match(local.stack.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(uploaded, expected);
    assert.ok(expected.length > 0);
    for (const key of expected) {
      const edges = decode(await getBytes(local.client, OUTPUT_BUCKET, key), { useTArray: true });
      const frame = decode(await readFile(join(samplesDir, key)), { useTArray: true });
      assert.deepEqual([edges.width, edges.height], [frame.width - 2, frame.height - 2], key);
    }
  });

  it('processes an upload with an awkward key into the same key, exactly as the handler does in-process', async () => {
    const key = 'camera 7/кадр+001 🎞.jpg';
    const frame = makeJpeg(80, 60, 21);

    await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: key, Body: frame }));
    await local.stack.idle();

    const expected = processFrame(frame, { blurModifier: 8, quality: 75, format: 'jpeg' });
    assert.deepEqual(await getBytes(local.client, OUTPUT_BUCKET, key), Buffer.from(expected.bytes));
  });

  it('stores streamed uploads (aws-chunked with a trailing checksum, as the SDK and AWS CLI send them) intact', async () => {
    const frame = makeJpeg(64, 64, 5);

    await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'streamed/frame.jpg', Body: Readable.from([frame.subarray(0, 1000), frame.subarray(1000)]), ContentLength: frame.length }));
    await local.stack.idle();

    assert.deepEqual(await getBytes(local.client, INPUT_BUCKET, 'streamed/frame.jpg'), frame);
    assert.ok(await objectExists(local.client, OUTPUT_BUCKET, 'streamed/frame.jpg'));
  });

  it('processes a burst of uploads exactly once each, with bounded concurrency', async () => {
    const before = { ...local.stack.stats };
    const keys = Array.from({ length: 24 }, (_, i) => `burst/frame.${String(i).padStart(4, '0')}.jpg`);

    await Promise.all(keys.map((key, i) => local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: key, Body: makeJpeg(40, 30, i) }))));
    await local.stack.idle();

    assert.equal(local.stack.stats.invocations - before.invocations, keys.length);
    assert.equal(local.stack.stats.succeeded - before.succeeded, keys.length);
    for (const key of keys) assert.ok(await objectExists(local.client, OUTPUT_BUCKET, key), key);
  });

  it('skips other keys, and retries a failing frame before writing it to failed-events.jsonl', async () => {
    const before = { ...local.stack.stats };

    await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'clip/video.mp4', Body: 'not a frame' }));
    await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'clip/broken.jpg', Body: 'not a jpeg either' }));
    await local.stack.idle();

    assert.equal(await objectExists(local.client, OUTPUT_BUCKET, 'clip/video.mp4'), false);
    assert.equal(await objectExists(local.client, OUTPUT_BUCKET, 'clip/broken.jpg'), false);
    assert.deepEqual([local.stack.stats.retried - before.retried, local.stack.stats.failed - before.failed], [1, 1]);
    const failed = (await readFile(join(local.dataDir, 'failed-events.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
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

