// The frame handler's invocation logic (src/lambda/invocation.ts) on S3 events, against a real
// local S3 server: keys exactly as S3 encodes them, outputs and metadata, skipped records, and
// every way a frame can fail without stopping the others.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { decode } from 'jpeg-js';
import { processFrame } from '../../src/core/pipeline';
import { readConfig, type HandlerConfig } from '../../src/lambda/config';
import { createFrameHandler } from '../../src/lambda/invocation';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { decodeEventKey, encodeEventKey } from '../../src/lambda/s3-event';
import { createS3Client } from '../../src/lambda/s3-client';
import { failure, loadEvent, recordFor } from '../support/events';
import { makeJpeg } from '../support/jpegs';
import { RecordingObserver } from '../support/recording-observer';
import { startTestS3, TEST_REGION, type TestS3 } from '../support/s3-server';

const RAW = 'raw-frames';
const DEMO_VIDEO = join(__dirname, '..', '..', 'samples', 'demo-video');
const OUT = 'processed-frames';

function eventOf(...records: S3Event['Records']): S3Event {
  return { Records: records };
}

function contextWith(remainingMs: number): Context {
  return { getRemainingTimeInMillis: () => remainingMs } as Context;
}

describe('handler: S3 events against a local S3 server', function () {
  let s3: TestS3;

  before(async () => {
    s3 = await startTestS3([RAW, OUT, 'other-output']);
  });
  after(async () => {
    await s3?.close();
  });

  function setUp(env: Record<string, string> = {}, minRemainingMs?: number) {
    const config: HandlerConfig = readConfig({ OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true', ...env });
    const observer = new RecordingObserver();
    const client = createS3Client(config, { endpoint: s3.endpoint, region: TEST_REGION, credentials: S3RVER_CREDENTIALS });
    return { handler: createFrameHandler({ config, s3: client, observer, minRemainingMs }), observer, config };
  }

  it('processes keys with spaces, +, %, Cyrillic, emoji, NFC and NFD forms, upper-case extensions and deep prefixes', async () => {
    const event = loadEvent('awkward-keys.json');
    const keys = event.Records.map((record) => decodeEventKey(record.s3.object.key));
    // A different size per key, so each output can only come from its own input.
    for (const [i, key] of keys.entries()) await s3.put(RAW, key, makeJpeg(20 + i, 10 + i, i + 1));
    const { handler, observer } = setUp();

    const summary = await handler(event);

    assert.deepEqual(summary.processed.map((frame) => frame.key), keys);
    assert.equal(observer.failed.length, 0);
    for (const [i, key] of keys.entries()) {
      const output = await s3.get(OUT, key);
      const image = decode(output.body, { useTArray: true });
      assert.deepEqual([image.width, image.height], [18 + i, 8 + i], key);
      assert.equal(output.contentType, 'image/jpeg');
      assert.equal(decodeURIComponent(output.metadata['source-key']), key);
    }
    assert.ok(keys.includes('frames/café.jpg'.normalize('NFC')) && keys.includes('frames/café.jpg'.normalize('NFD')));
  });

  it('writes the edge map with its content type and the source bucket, key, ETag, settings, sigma and dimensions as metadata', async () => {
    const event = loadEvent('put-one-frame.json');
    const key = decodeEventKey(event.Records[0].s3.object.key);
    await s3.put(RAW, key, makeJpeg(64, 48, 7));
    const input = await s3.client.send(new HeadObjectCommand({ Bucket: RAW, Key: key }));
    const { handler, observer } = setUp({ BLUR_MODIFIER: '12', JPEG_QUALITY: '90' });

    await handler(event);

    const output = await s3.get(OUT, key);
    const sigma = ((64 * 48) / 3_630_000) * 12;
    assert.deepEqual(output.metadata, {
      'source-bucket': RAW,
      'source-key': encodeURIComponent(key),
      'source-etag': input.ETag!.replace(/"/g, ''),
      format: 'jpeg',
      'blur-modifier': '12',
      'blur-method': 'fast',
      'jpeg-quality': '90',
      sigma: String(sigma),
      width: '62',
      height: '46',
      'input-width': '64',
      'input-height': '48',
    });
    assert.deepEqual([...output.body.subarray(0, 2)], [0xff, 0xd8]);
    const [frame] = observer.processed;
    assert.equal(frame.inputBytes, makeJpeg(64, 48, 7).length);
    assert.equal(frame.result.sigma, sigma);
    assert.equal(observer.finished, 1);
  });

  it('skips keys that are not .jpg/.jpeg (the video and its sidecars) and processes the frame among them', async () => {
    const event = loadEvent('video-and-sidecars.json');
    await s3.put(RAW, 'clip-7/frame.0000001.jpg', makeJpeg(12, 12, 9));
    const { handler, observer } = setUp();

    const summary = await handler(event);

    assert.deepEqual(
      summary.processed.map((frame) => frame.key),
      ['clip-7/frame.0000001.jpg'],
    );
    assert.equal(summary.skipped, 4);
    assert.deepEqual(
      observer.skipped.map((skip) => skip.key),
      ['clip-7/clip.mp4', 'clip-7/meta.json', 'clip-7/frame.0000001.jpg.txt', 'clip-7/thumb.png'],
    );
    assert.equal(await s3.exists(OUT, 'clip-7/clip.mp4'), false);
  });

  it("succeeds without work on S3's test event and on ObjectRemoved events", async () => {
    const { handler, observer } = setUp();

    const test = await handler(loadEvent('s3-test-event.json') as unknown as S3Event);
    const removed = await handler(loadEvent('object-removed.json'));

    assert.deepEqual(test, { processed: [], skipped: 0 });
    assert.deepEqual(removed, { processed: [], skipped: 1 });
    assert.equal(observer.finished, 2);
  });

  it('processes every record when one is bad, then fails the invocation naming the bad key and why', async () => {
    await s3.put(RAW, 'batch/good 1.jpg', makeJpeg(16, 16, 1));
    await s3.put(RAW, 'batch/bad.jpg', 'this is a text file, not a frame', 'text/plain');
    await s3.put(RAW, 'batch/good 2.jpg', makeJpeg(16, 16, 2));
    const { handler, observer } = setUp();

    const error = await failure(handler(eventOf(recordFor(RAW, 'batch/good+1.jpg'), recordFor(RAW, 'batch/bad.jpg'), recordFor(RAW, 'batch/good+2.jpg'))));

    assert.deepEqual(
      error.failures.map((f) => f.key),
      ['batch/bad.jpg'],
    );
    assert.match(error.message, /^1 of 3 frames failed:\n {2}"raw-frames\/batch\/bad\.jpg": not a JPEG/);
    assert.ok(await s3.exists(OUT, 'batch/good 1.jpg'));
    assert.ok(await s3.exists(OUT, 'batch/good 2.jpg'));
    assert.equal(await s3.exists(OUT, 'batch/bad.jpg'), false);
    assert.equal(observer.processed.length, 2);
    assert.equal(observer.failed[0].key, 'batch/bad.jpg');
  });

  it('fails the invocation for a missing object, naming the key and the S3 error', async () => {
    const { handler } = setUp();

    const error = await failure(handler(eventOf(recordFor(RAW, 'missing/frame+404.jpg'))));

    assert.deepEqual(error.failures, [{ bucket: RAW, key: 'missing/frame 404.jpg', reason: error.failures[0].reason }]);
    assert.match(error.failures[0].reason, /^GetObject failed: NoSuchKey HTTP 404/);
  });

  it('fails every frame when the output bucket does not exist, and writes nothing', async () => {
    await s3.put(RAW, 'nowhere/a.jpg', makeJpeg(8, 8, 1));
    await s3.put(RAW, 'nowhere/b.jpg', makeJpeg(8, 8, 2));
    const { handler } = setUp({ OUTPUT_BUCKET: 'no-such-bucket' });

    const error = await failure(handler(eventOf(recordFor(RAW, 'nowhere/a.jpg'), recordFor(RAW, 'nowhere/b.jpg'))));

    assert.deepEqual(
      error.failures.map((f) => f.key),
      ['nowhere/a.jpg', 'nowhere/b.jpg'],
    );
    for (const f of error.failures) assert.match(f.reason, /^PutObject to no-such-bucket failed: NoSuchBucket/);
    assert.equal(await s3.exists(OUT, 'nowhere/a.jpg'), false);
  });

  it('refuses to write into the bucket the event came from (recursion guard), without reading the object', async () => {
    await s3.put(OUT, 'loop/frame.jpg', makeJpeg(8, 8, 1));
    const { handler } = setUp();

    const error = await failure(handler(eventOf(recordFor(OUT, 'loop/frame.jpg'))));

    assert.match(error.failures[0].reason, /^refusing to write the edge map into "processed-frames", the bucket the event came from/);
    const stored = await s3.get(OUT, 'loop/frame.jpg');
    assert.deepEqual(stored.body, makeJpeg(8, 8, 1));
  });

  it('refuses objects over MAX_INPUT_BYTES, by the size in the event and by the Content-Length', async () => {
    const frame = makeJpeg(32, 32, 5);
    await s3.put(RAW, 'big/frame.jpg', frame);
    const { handler } = setUp({ MAX_INPUT_BYTES: String(frame.length - 1) });

    const byEvent = await failure(handler(eventOf(recordFor(RAW, 'big/frame.jpg', frame.length))));
    const byContentLength = await failure(handler(eventOf(recordFor(RAW, 'big/frame.jpg', 10))));

    const expected = `object is ${frame.length} bytes, over the MAX_INPUT_BYTES limit of ${frame.length - 1} bytes`;
    assert.equal(byEvent.failures[0].reason, expected);
    assert.equal(byContentLength.failures[0].reason, expected);
    assert.equal(await s3.exists(OUT, 'big/frame.jpg'), false);
  });

  it('does not start a frame with too little time left, and fails the invocation so it is retried', async () => {
    await s3.put(RAW, 'late/frame.jpg', makeJpeg(8, 8, 1));
    const { handler } = setUp({}, 10_000);

    const error = await failure(handler(eventOf(recordFor(RAW, 'late/frame.jpg')), contextWith(9_000)));
    const summary = await handler(eventOf(recordFor(RAW, 'late/frame.jpg')), contextWith(11_000));

    assert.match(error.failures[0].reason, /^not started: only 9000 ms of the invocation left/);
    assert.equal(summary.processed.length, 1);
  });

  it('fails a record whose key is not valid URL encoding, naming the raw key', async () => {
    const { handler } = setUp();

    const error = await failure(handler(eventOf(recordFor(RAW, 'bad%E0%A4%A.jpg'))));

    assert.deepEqual(error.failures, [{ bucket: RAW, key: 'bad%E0%A4%A.jpg', reason: `record 1 of 1: the event's key "bad%E0%A4%A.jpg" is not valid URL encoding` }]);
  });

  it('runs concurrent invocations in one process one frame at a time (they share the WebAssembly kernel)', async () => {
    // Three real 1920x1080 frames of one video: one size, bodies of several chunks each.
    const names = readdirSync(DEMO_VIDEO).sort();
    const keys = names.map((name) => `together/${name}`);
    const frames = names.map((name) => readFileSync(join(DEMO_VIDEO, name)));
    for (const [i, key] of keys.entries()) await s3.put(RAW, key, frames[i]);
    const { handler, config } = setUp();

    await Promise.all(keys.map((key) => handler(eventOf(recordFor(RAW, encodeEventKey(key))))));

    // Byte for byte what each frame gives alone: a frame that read or wrote another's pixels
    // would still have the right dimensions.
    for (const [i, key] of keys.entries()) {
      const alone = processFrame(frames[i], { blurModifier: config.blurModifier, quality: config.quality, format: config.format });
      assert.deepEqual((await s3.get(OUT, key)).body, Buffer.from(alone.bytes), key);
    }
  });
});
