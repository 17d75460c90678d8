import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { decode } from 'jpeg-js';
import { AwsChunkedDecoder } from '../../src/local/aws-chunked';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { asS3Event, INPUT_BUCKET, LOCAL_REGION, OUTPUT_BUCKET, startLocalStack, type LocalStack } from '../../src/local/stack';
import { processFrame } from '../../src/core/pipeline';
import { seededRandom } from '../support/images';
import { makeJpeg } from '../support/jpegs';
import { objectExists } from '../support/s3-server';

const ROOT = join(__dirname, '..', '..');
const REPO_SAMPLES = join(ROOT, 'samples');

function clientFor(endpoint: string, options: Partial<ConstructorParameters<typeof S3Client>[0]> = {}): S3Client {
  return new S3Client({ region: LOCAL_REGION, endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, ...options });
}

async function getBytes(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

async function frameFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.jpe?g$/i.test(entry.name))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Encodes `body` as an aws-chunked stream with chunk signatures and a trailing checksum. */
function awsChunked(body: Buffer, chunkSize: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += chunkSize) {
    const chunk = body.subarray(at, at + chunkSize);
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${'a'.repeat(64)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0;chunk-signature=${'b'.repeat(64)}\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`));
  return Buffer.concat(parts);
}

describe('local stack: aws-chunked uploads', () => {
  it('decodes aws-chunked bodies however the network splits them', async () => {
    const random = seededRandom(3);
    const body = Buffer.from(Array.from({ length: 70_000 }, () => Math.floor(random() * 256)));
    const encoded = awsChunked(body, 8192);
    const pieces: Buffer[] = [];
    for (let at = 0; at < encoded.length; ) {
      const size = 1 + Math.floor(random() * 300);
      pieces.push(encoded.subarray(at, at + size));
      at += size;
    }

    const decoded: Buffer[] = [];
    for await (const chunk of Readable.from(pieces).pipe(new AwsChunkedDecoder())) decoded.push(chunk as Buffer);

    assert.deepEqual(Buffer.concat(decoded), body);
  });

  it('refuses a body that is not aws-chunked or ends inside a chunk', async () => {
    const drain = (data: Buffer) => Readable.from([data]).pipe(new AwsChunkedDecoder()).toArray();

    await assert.rejects(drain(Buffer.from('zz;chunk-signature=x\r\n')), /bad aws-chunked size line/);
    await assert.rejects(drain(Buffer.from('10\r\nshort')), /ended inside a chunk/);
  });
});

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

describe('local stack: `npm start` script', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-start-'));
  });
  after(async () => {
    child?.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the endpoint, buckets and credentials, processes the samples and new uploads, and stops cleanly on Ctrl-C', async () => {
    const samples = await generatedSamples(dataDir);
    const args = ['--port', '0', '--data-dir', join(dataDir, 'data'), '--samples-dir', samples, '--concurrency', '1'];
    child = spawn(process.execPath, ['--require', 'tsx/cjs', 'scripts/local-stack.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH } });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const endpoint = await waitFor(() => /S3 endpoint {4}(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1], () => output);
    const s3 = clientFor(endpoint);

    await waitFor(() => /uploaded 2 sample frames/.exec(output)?.[0], () => output);
    await s3.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'cli/frame.jpg', Body: makeJpeg(30, 20, 8) }));
    for (const key of ['clip-1/frame.0000000.jpg', 'clip-1/frame.0000001.jpg', 'cli/frame.jpg']) {
      await waitFor(async () => (await objectExists(s3, OUTPUT_BUCKET, key)) || undefined, () => output);
    }
    await waitFor(() => /processed raw-frames\/cli\/frame\.jpg/.exec(output)?.[0], () => output);
    s3.destroy();
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child!.once('exit', resolve));

    assert.equal(code, 0);
    assert.match(output, /access key id S3RVER, secret access key S3RVER/);
    assert.match(output, /input bucket {3}raw-frames/);
    assert.match(output, /output bucket {2}processed-frames/);
    assert.match(output, /aws --endpoint-url http:\/\/127\.0\.0\.1:\d+ s3 cp frame\.jpg s3:\/\/raw-frames\//);
    assert.match(output, /processed raw-frames\/cli\/frame\.jpg -> processed-frames\/cli\/frame\.jpg/);
    assert.match(output, /3 invocations succeeded, 0 failed after retries/);
  });
});

/** Polls `probe` every 50 ms until it gives a value (30 s at most). */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, describe: () => string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Two small frames in a nested folder, for a checkout without samples/. */
async function generatedSamples(root: string): Promise<string> {
  const dir = join(root, 'samples');
  await mkdir(join(dir, 'clip-1'), { recursive: true });
  await writeFile(join(dir, 'clip-1', 'frame.0000000.jpg'), makeJpeg(64, 48, 1));
  await writeFile(join(dir, 'clip-1', 'frame.0000001.jpg'), makeJpeg(64, 48, 2));
  return dir;
}
