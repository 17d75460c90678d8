// S3 faults against a real local S3 server (s3rver on 127.0.0.1), with a real HTTP proxy in front
// of it (support/fault-proxy.ts) for what a healthy server does not do on demand: cut a body,
// stall, answer 500/503. Every fault must fail the invocation (so Lambda retries the event),
// leave no output, and leave the next invocation working.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { readConfig, type HandlerConfig } from '../../src/lambda/config';
import { createFrameHandler, FramesFailedError, type HandlerDeps } from '../../src/lambda/invocation';
import { S3RVER_CREDENTIALS, startS3Server, type RunningS3Server } from '../../src/local/s3-server';
import { createObserver, type FrameObserver } from '../../src/lambda/observability';
import { processFrame } from '../../src/core/pipeline';
import { encodeEventKey, type ObjectRef } from '../../src/lambda/s3-event';
import { createS3Client, S3_CLIENT_LIMITS, type ProcessedFrame, type S3ClientLimits } from '../../src/lambda/s3-transfer';
import { capturingOutput, metricsOn } from '../support/captured-output';
import { failure, recordFor } from '../support/events';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { makeJpeg } from '../support/jpegs';
import { TEST_REGION } from '../support/s3-server';

const RAW = 'raw-frames';
const OUT = 'processed-frames';

class CountingObserver implements FrameObserver {
  processed: string[] = [];
  failed: string[] = [];
  invocationStarted(): void {}
  frameProcessed(frame: ProcessedFrame): void {
    this.processed.push(frame.source.key);
  }
  frameSkipped(): void {}
  frameFailed(object: ObjectRef): void {
    this.failed.push(object.key);
  }
  invocationFinished(): void {}
}

function eventFor(...keys: string[]): S3Event {
  return { Records: keys.map((key) => recordFor(RAW, encodeEventKey(key))) };
}

/** A context whose remaining time runs down with the real clock. */
function contextWithDeadline(remainingMs: number): Context {
  const deadline = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) } as Context;
}

/** A context that answers the given remaining times in turn (the last one from then on). */
function contextAnswering(...remainingMs: number[]): Context {
  let call = 0;
  return { getRemainingTimeInMillis: () => remainingMs[Math.min(call++, remainingMs.length - 1)] } as Context;
}

describe('faults: S3 failures against the local S3 server, through a fault proxy', function () {
  this.timeout(30_000);
  let directory: string;
  let server: RunningS3Server;
  let proxy: FaultProxy;
  let client: S3Client;
  const clients: S3Client[] = [];

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'frame-processor-faults-'));
    server = await startS3Server({ port: 0, directory, buckets: [RAW, OUT] });
    proxy = await startFaultProxy(server.port);
    client = new S3Client({ region: TEST_REGION, endpoint: server.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  });
  afterEach(() => proxy.clear());
  after(async () => {
    for (const c of [client, ...clients]) c?.destroy();
    await proxy?.close();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  interface SetUp {
    endpoint?: string;
    limits?: S3ClientLimits;
    observer?: FrameObserver;
    deps?: Partial<HandlerDeps>;
  }

  /** The handler with the production S3 client settings, talking to S3 through the proxy unless told otherwise. */
  function setUp(options: SetUp = {}) {
    const config: HandlerConfig = readConfig({ OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true' });
    const s3 = createS3Client(config, { endpoint: options.endpoint ?? proxy.endpoint, region: TEST_REGION, credentials: S3RVER_CREDENTIALS }, options.limits);
    clients.push(s3);
    const observer = options.observer ?? new CountingObserver();
    return { handler: createFrameHandler({ config, s3, observer, ...options.deps }), config, observer };
  }

  async function put(key: string, body: Uint8Array): Promise<void> {
    await client.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: body }));
  }

  async function output(key: string): Promise<Buffer | undefined> {
    try {
      const response = await client.send(new GetObjectCommand({ Bucket: OUT, Key: key }));
      return Buffer.from(await response.Body!.transformToByteArray());
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  /** What the handler must write for `frame` with the default settings. */
  function expectedEdges(frame: Uint8Array, config: HandlerConfig): Buffer {
    return Buffer.from(processFrame(frame, { blurModifier: config.blurModifier, quality: config.quality, format: config.format }).bytes);
  }

  /** The fault is gone: the same event now succeeds and writes exactly the right edge map. */
  async function assertRetryWorks(handler: ReturnType<typeof setUp>['handler'], config: HandlerConfig, key: string, frame: Uint8Array): Promise<void> {
    const summary = await handler(eventFor(key));
    assert.deepEqual(
      summary.processed.map((p) => p.key),
      [key],
    );
    assert.deepEqual(await output(key), expectedEdges(frame, config));
  }

  describe('GetObject', () => {
    it('a connection cut mid-body fails the invocation (no SDK retry of a begun body), writes nothing; the retry works', async () => {
      const key = 'cut/frame 1.jpg';
      const frame = makeJpeg(160, 120, 1);
      await put(key, frame);
      const { handler, config } = setUp();
      const rule = proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'cut-response', afterBytes: 1000 } });

      const error = await failure(handler(eventFor(key)));

      assert.equal(rule.hits, 1);
      assert.deepEqual(error.failures.map((f) => f.key), [key]);
      assert.match(error.failures[0].reason, new RegExp(`^download failed: .+ \\(after \\d+ of ${frame.length} bytes\\)$`));
      assert.match(error.message, /"raw-frames\/cut\/frame 1\.jpg": download failed/);
      assert.equal(await output(key), undefined);
      proxy.clear();
      await assertRetryWorks(handler, config, key, frame);
    });

    for (const status of [500, 503] as const) {
      it(`HTTP ${status} on every attempt: the SDK tries ${S3_CLIENT_LIMITS.maxAttempts} times, then the invocation fails naming the key; nothing written; the retry works`, async () => {
        const key = `status-${status}/frame.jpg`;
        const frame = makeJpeg(64, 48, status);
        await put(key, frame);
        const { handler, config } = setUp();
        const rule = proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'status', status } });

        const error = await failure(handler(eventFor(key)));

        assert.equal(rule.hits, S3_CLIENT_LIMITS.maxAttempts);
        const code = status === 500 ? 'InternalError' : 'SlowDown';
        assert.match(error.failures[0].reason, new RegExp(`^GetObject failed: ${code} HTTP ${status} \\(injected by the fault proxy\\), after 3 attempts$`));
        assert.equal(error.failures[0].key, key);
        assert.equal(await output(key), undefined);
        proxy.clear();
        await assertRetryWorks(handler, config, key, frame);
      });
    }

    it('a single 503 is ridden out by the SDK retry: the invocation succeeds', async () => {
      const key = 'blip/frame.jpg';
      const frame = makeJpeg(48, 40, 4);
      await put(key, frame);
      const { handler, config } = setUp();
      const rule = proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'status', status: 503 }, times: 1 });

      const summary = await handler(eventFor(key));

      assert.equal(rule.hits, 1);
      assert.equal(summary.processed.length, 1);
      assert.deepEqual(await output(key), expectedEdges(frame, config));
    });

    it('a body that stalls fails at the socket inactivity timeout, not at the Lambda timeout; the retry works', async () => {
      const key = 'stall/frame.jpg';
      const frame = makeJpeg(160, 120, 5);
      await put(key, frame);
      // The production client with a 1 s inactivity timeout instead of 10 s, to keep the test short.
      const { handler, config } = setUp({ limits: { ...S3_CLIENT_LIMITS, socketTimeoutMs: 1_000 } });
      const rule = proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'stall-response', afterBytes: 500 } });

      const error = await failure(handler(eventFor(key), contextWithDeadline(120_000)));

      assert.equal(rule.hits, 1);
      assert.match(error.failures[0].reason, new RegExp(`^download failed: TimeoutError .*timed out after 1000 ms of inactivity.* \\(after 500 of ${frame.length} bytes\\)$`));
      assert.equal(await output(key), undefined);
      proxy.clear();
      await assertRetryWorks(handler, config, key, frame);
    });

    it('a server that never answers: each attempt ends at the inactivity timeout, and the invocation fails after the last', async () => {
      const key = 'silent/frame.jpg';
      await put(key, makeJpeg(64, 48, 12));
      const { handler } = setUp({ limits: { ...S3_CLIENT_LIMITS, socketTimeoutMs: 500 } });
      const rule = proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'no-response' } });

      const error = await failure(handler(eventFor(key), contextWithDeadline(120_000)));

      assert.equal(rule.hits, S3_CLIENT_LIMITS.maxAttempts);
      assert.match(error.failures[0].reason, /^GetObject failed: TimeoutError .*timed out after 500 ms of inactivity.*, after 3 attempts$/);
      assert.equal(await output(key), undefined);
    });

    it('a stall close to the end of the invocation is abandoned before the Lambda timeout, with the production timeouts', async () => {
      const key = 'late-stall/frame.jpg';
      await put(key, makeJpeg(160, 120, 6));
      const { handler, observer } = setUp({ deps: { minRemainingMs: 1_000, abandonReserveMs: 2_000 } });
      proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'stall-response', afterBytes: 500 } });

      // 3.5 s left: the frame starts (over 1 s left), the 10 s inactivity timeout would come too late.
      const error = await failure(handler(eventFor(key), contextWithDeadline(3_500)));

      assert.match(error.failures[0].reason, /^download abandoned: the invocation had only 2000 ms left before its timeout; the retry will process it \(after 500 of \d+ bytes\)$/);
      assert.deepEqual((observer as CountingObserver).processed, []);
      assert.equal(await output(key), undefined);
    });
  });

  describe('the S3 server stopped', () => {
    it('fails the invocation with an error naming the key and the refused connection; after a restart the retry works', async () => {
      const key = 'outage/frame.jpg';
      const frame = makeJpeg(64, 48, 7);
      await put(key, frame);
      const { handler, config } = setUp({ endpoint: server.endpoint });
      const port = server.port;

      await server.close();
      let error: FramesFailedError;
      try {
        error = await failure(handler(eventFor(key)));
      } finally {
        server = await startS3Server({ port, directory, buckets: [RAW, OUT] });
      }

      assert.match(error.message, /^1 of 1 frames failed:\n {2}"raw-frames\/outage\/frame\.jpg": GetObject failed: ECONNREFUSED .*, after 3 attempts$/);
      await assertRetryWorks(handler, config, key, frame);
    });
  });

  describe('PutObject', () => {
    it('HTTP 500 on every attempt: the invocation fails, logs and metrics say failed (not processed), no output; the retry works', async () => {
      const key = 'put-500/frame.jpg';
      const frame = makeJpeg(64, 48, 8);
      await put(key, frame);
      const rule = proxy.inject({ method: 'PUT', path: `/${OUT}/${key}`, fault: { kind: 'status', status: 500 } });
      // Powertools' console takes its streams when it is created: the observer is made inside the capture.
      let setup: ReturnType<typeof setUp> | undefined;

      const { error, records } = await capturingOutput(() => {
        setup = setUp({ observer: metricsOn(() => createObserver('INFO', {})) });
        return setup.handler(eventFor(key));
      });

      assert.ok(error instanceof FramesFailedError);
      assert.equal(rule.hits, S3_CLIENT_LIMITS.maxAttempts);
      assert.match(error.failures[0].reason, /^PutObject to processed-frames failed: InternalError HTTP 500 \(injected by the fault proxy\), after 3 attempts$/);
      const failedLog = records.find((r) => r.message === 'frame failed');
      assert.deepEqual([failedLog?.key, failedLog?.errorName], [key, 'S3TransferError']);
      assert.equal(records.filter((r) => r.message === 'frame processed').length, 0);
      const emf = records.find((r) => r._aws);
      assert.deepEqual([emf?.FramesProcessed, emf?.FramesFailed], [0, 1]);
      assert.equal(await output(key), undefined);
      proxy.clear();
      const retry = await capturingOutput(() => assertRetryWorks(setup!.handler, setup!.config, key, frame));
      assert.equal(retry.error, undefined);
    });

    it('a connection cut mid-upload: the invocation fails, no frame reported processed, no output (not even a partial one); the retry works', async () => {
      const key = 'put-cut/frame.jpg';
      const frame = makeJpeg(160, 120, 9);
      await put(key, frame);
      const { handler, config, observer } = setUp();
      const half = Math.floor(expectedEdges(frame, config).length / 2);
      const rule = proxy.inject({ method: 'PUT', path: `/${OUT}/${key}`, fault: { kind: 'cut-request', afterBytes: half } });

      const error = await failure(handler(eventFor(key)));

      assert.equal(rule.hits, S3_CLIENT_LIMITS.maxAttempts);
      assert.match(error.failures[0].reason, /^PutObject to processed-frames failed: .+, after 3 attempts$/);
      assert.deepEqual([(observer as CountingObserver).processed, (observer as CountingObserver).failed], [[], [key]]);
      assert.equal(await output(key), undefined);
      proxy.clear();
      await assertRetryWorks(handler, config, key, frame);
    });

    it('a connection cut mid-upload over an earlier output leaves that output whole', async () => {
      const key = 'put-cut-again/frame.jpg';
      const frame = makeJpeg(160, 120, 10);
      await put(key, frame);
      const { handler } = setUp();
      await handler(eventFor(key));
      const earlier = await output(key);
      await put(key, makeJpeg(200, 150, 11));
      proxy.inject({ method: 'PUT', path: `/${OUT}/${key}`, fault: { kind: 'cut-request', afterBytes: 700 } });

      await failure(handler(eventFor(key)));

      assert.deepEqual(await output(key), earlier);
      const head = await client.send(new HeadObjectCommand({ Bucket: OUT, Key: key }));
      assert.equal(head.ContentLength, earlier!.length);
    });
  });

  describe('remaining time', () => {
    it('processes the frames that fit, does not start the next, and fails the invocation naming it; the retry processes it', async () => {
      const keys = ['time/a.jpg', 'time/b.jpg'];
      for (const [i, key] of keys.entries()) await put(key, makeJpeg(64, 48, 20 + i));
      const { handler, observer, config } = setUp({ deps: { minRemainingMs: 10_000 } });

      // Remaining time asked: for the deadline, before frame a (enough), before frame b (too little).
      const error = await failure(handler(eventFor(...keys), contextAnswering(30_000, 30_000, 4_000)));

      assert.deepEqual(error.failures, [{ bucket: RAW, key: 'time/b.jpg', reason: 'not started: only 4000 ms of the invocation left (at least 10000 ms needed); the retry will process it' }]);
      assert.deepEqual((observer as CountingObserver).processed, ['time/a.jpg']);
      assert.equal(await output('time/b.jpg'), undefined);
      const summary = await handler(eventFor(...keys), contextAnswering(30_000));
      assert.equal(summary.processed.length, 2);
      assert.deepEqual(await output('time/b.jpg'), expectedEdges(makeJpeg(64, 48, 21), config));
    });
  });
});
