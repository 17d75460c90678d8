// Load: a burst of 300 uploads to the local stack, each processed exactly once; and 1,000
// frames through the handler in one process with memory that stays flat.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import sharp from 'sharp';
import { readConfig } from '../../src/lambda/config';
import { createFrameHandler } from '../../src/lambda/invocation';
import { Kernel } from '../../src/wasm/instance';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { createObserver } from '../../src/lambda/observability';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { createS3Client } from '../../src/lambda/s3-client';
import { metricsOn, withOutputTo } from '../support/captured-output';
import { recordFor } from '../support/events';
import { smoothRgb } from '../support/images';
import { makeJpeg } from '../support/jpegs';
import { useLocalStack } from '../support/use-local-stack';
import { startTestS3, TEST_REGION, type TestS3 } from '../support/s3-server';

const MB = 1024 * 1024;

/** A full garbage collection, so heap and RSS figures are not just garbage not yet collected. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A small colour JPEG (4:2:0) from libjpeg-turbo through sharp: jpeg-js takes ~25 ms for each. */
function smallJpeg(width: number, height: number, seed: number): Promise<Buffer> {
  return sharp(Buffer.from(smoothRgb(width, height, seed)), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** RSS, JS heap and the kernel's linear memory, after a full collection. */
function memoryNow(kernel: Kernel): { rss: number; heap: number; kernel: number } {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heap: heapUsed, kernel: kernel.memoryBytes };
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function lambdaContext(): Context {
  const deadline = Date.now() + 120_000;
  return { getRemainingTimeInMillis: () => deadline - Date.now() } as Context;
}

describe('load: 300 frames uploaded at once to the local stack', function () {
  this.timeout(90_000);
  const FRAMES = 300;
  const local = useLocalStack({ name: 'load', concurrency: 2, retries: 2, retryDelayMs: 100 });
  const { lines } = local;

  it('processes every frame exactly once, each output from its own input', async () => {
    // Sizes vary with the index, so an output's dimensions tell which input it came from.
    const frames = Array.from({ length: FRAMES }, (_, i) => ({ key: `load/frame.${String(i).padStart(4, '0')}.jpg`, width: 24 + (i % 37), height: 16 + (i % 23), seed: i }));
    const bodies = await Promise.all(frames.map((f) => smallJpeg(f.width, f.height, f.seed)));
    const started = Date.now();

    await Promise.all(frames.map((f, i) => local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: f.key, Body: bodies[i], ContentType: 'image/jpeg' }))));
    await local.stack.idle();
    const seconds = (Date.now() - started) / 1000;

    assert.deepEqual(local.stack.stats, { invocations: FRAMES, succeeded: FRAMES, failed: 0, retried: 0 });
    const processedLines = lines.filter((line) => line.startsWith('processed raw-frames/load/'));
    for (const f of frames) {
      const times = processedLines.filter((line) => line.startsWith(`processed raw-frames/${f.key} -> processed-frames/${f.key} `)).length;
      assert.equal(times, 1, `${f.key} processed ${times} times`);
    }
    const listed = await local.client.send(new ListObjectsV2Command({ Bucket: OUTPUT_BUCKET, Prefix: 'load/' }));
    assert.deepEqual(
      (listed.Contents ?? []).map((o) => o.Key),
      frames.map((f) => f.key),
    );
    for (const f of frames) {
      const head = await local.client.send(new HeadObjectCommand({ Bucket: OUTPUT_BUCKET, Key: f.key }));
      assert.deepEqual([head.Metadata?.width, head.Metadata?.height, decodeURIComponent(head.Metadata?.['source-key'] ?? '')], [String(f.width - 2), String(f.height - 2), f.key]);
    }
    console.log(`      ${FRAMES} frames uploaded at once, all processed in ${seconds.toFixed(1)} s (2 worker threads)`);
  });
});

describe('load: memory over 1,000 frames in one process', function () {
  this.timeout(90_000);
  const RAW = 'raw-frames';
  const OUT = 'processed-frames';
  const SIZES = [
    [32, 24],
    [97, 61],
    [160, 120],
    [320, 240],
    [641, 479],
    [1280, 720],
  ];
  let s3: TestS3;

  before(async () => {
    s3 = await startTestS3([RAW, OUT]);
  });
  after(async () => {
    await s3?.close();
  });

  it('keeps the kernel memory and RSS flat, and logs and counts every frame as processed', async () => {
    const keys: string[] = [];
    for (const [i, [width, height]] of SIZES.entries()) {
      for (const seed of [1, 2]) {
        const key = `memory/${width}x${height} ${seed}.jpg`;
        await s3.put(RAW, key, makeJpeg(width, height, 10 * i + seed));
        keys.push(key);
      }
    }
    const config = readConfig({ OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true' });
    const s3Client = createS3Client(config, { endpoint: s3.endpoint, region: TEST_REGION, credentials: S3RVER_CREDENTIALS });
    let processedLogs = 0;
    let processedMetric = 0;
    // The real observer (Powertools logs and EMF metrics), its output counted instead of printed.
    const count = (chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n')) {
        if (line.includes('"message":"frame processed"')) processedLogs++;
        if (line.includes('"_aws"')) processedMetric += (JSON.parse(line) as { FramesProcessed: number }).FramesProcessed;
      }
      return true;
    };
    const handler = createFrameHandler({ config, s3: s3Client, observer: withOutputTo(count, () => metricsOn(() => createObserver('INFO', {}))) });
    const run = (i: number) => withOutputTo(count, () => handler({ Records: [recordFor(RAW, encodeEventKey(keys[i % keys.length]))] }, lambdaContext()));

    // The first pass reaches every size, the largest included: the kernel's memory is at its high-water mark.
    for (let i = 0; i < keys.length; i++) await run(i);
    const kernel = Kernel.instance();
    const samples = [memoryNow(kernel)];
    for (let i = keys.length; i < 1000; i++) {
      await run(i);
      // A full collection every 100 frames, so RSS shows what is kept, not garbage awaiting collection.
      if ((i + 1) % 100 === 0) samples.push(memoryNow(Kernel.instance()));
    }
    s3Client.destroy();
    // The baseline is frame 100: by then the set-up's garbage (test images, the WASM compilation) has gone back to the OS.
    const [first, start] = samples;
    const end = samples[samples.length - 1];

    console.log(
      `      RSS after ${keys.length} frames ${mb(first.rss)}, after 100 ${mb(start.rss)}, after 1000 ${mb(end.rss)} (samples every 100: ${samples.map((m) => (m.rss / MB).toFixed(0)).join(' ')} MB); ` +
        `JS heap ${mb(start.heap)} -> ${mb(end.heap)}; kernel memory ${mb(first.kernel)} -> ${mb(end.kernel)}`,
    );
    assert.deepEqual([processedLogs, processedMetric], [1000, 1000]);
    assert.equal(Kernel.instance(), kernel, 'the kernel instance was replaced');
    assert.equal(end.kernel, first.kernel, 'the kernel linear memory grew after the first pass');
    assert.ok(end.heap - start.heap < 8 * MB, `JS heap grew by ${mb(end.heap - start.heap)}`);
    assert.ok(end.rss - start.rss < 40 * MB, `RSS grew by ${mb(end.rss - start.rss)}`);
    assert.equal((await s3.keys(OUT)).length, keys.length);
  });
});
