// The S3 fault tests' rig: a real local S3 server (s3rver on 127.0.0.1) with the fault proxy
// (fault-proxy.ts) in front of it, a client of the test's own, and the handler built as deployed.
// useFaultRig() registers its mocha hooks in the describe that calls it.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { processFrame } from '../../src/core/pipeline';
import { readConfig, type HandlerConfig } from '../../src/lambda/config';
import { createFrameHandler, type FrameHandler, type HandlerDeps } from '../../src/lambda/invocation';
import type { FrameObserver } from '../../src/lambda/observability';
import { createS3Client, type S3ClientLimits } from '../../src/lambda/s3-client';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { S3RVER_CREDENTIALS, startS3Server, type RunningS3Server } from '../../src/local/s3-server';
import { recordFor } from './events';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { RecordingObserver } from './recording-observer';
import { TEST_REGION } from './s3-server';

export const RAW = 'raw-frames';
export const OUT = 'processed-frames';

export interface SetUp {
  endpoint?: string;
  limits?: S3ClientLimits;
  observer?: FrameObserver;
  deps?: Partial<HandlerDeps>;
}

export function eventFor(...keys: string[]): S3Event {
  return { Records: keys.map((key) => recordFor(RAW, encodeEventKey(key))) };
}

/** A context whose remaining time runs down with the real clock. */
export function contextWithDeadline(remainingMs: number): Context {
  const deadline = Date.now() + remainingMs;
  return { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) } as Context;
}

/** A context that answers the given remaining times in turn (the last one from then on). */
export function contextAnswering(...remainingMs: number[]): Context {
  let call = 0;
  return { getRemainingTimeInMillis: () => remainingMs[Math.min(call++, remainingMs.length - 1)] } as Context;
}

export function useFaultRig() {
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

  const rig = {
    get proxy() {
      return proxy;
    },
    get server() {
      return server;
    },
    get client() {
      return client;
    },

    /** The handler with the production S3 client settings, talking to S3 through the proxy unless told otherwise. */
    setUp(options: SetUp = {}): { handler: FrameHandler; config: HandlerConfig; observer: FrameObserver } {
      const config: HandlerConfig = readConfig({ OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true' });
      const s3 = createS3Client(config, { endpoint: options.endpoint ?? proxy.endpoint, region: TEST_REGION, credentials: S3RVER_CREDENTIALS }, options.limits);
      clients.push(s3);
      const observer = options.observer ?? new RecordingObserver();
      return { handler: createFrameHandler({ config, s3, observer, ...options.deps }), config, observer };
    },

    /** Stops the S3 server (an outage); restartServer() brings it back on the same port with the same data. */
    async stopServer(): Promise<void> {
      await server.close();
    },
    async restartServer(): Promise<void> {
      server = await startS3Server({ port: server.port, directory, buckets: [RAW, OUT] });
    },

    async put(key: string, body: Uint8Array): Promise<void> {
      await client.send(new PutObjectCommand({ Bucket: RAW, Key: key, Body: body }));
    },

    async output(key: string): Promise<Buffer | undefined> {
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: OUT, Key: key }));
        return Buffer.from(await response.Body!.transformToByteArray());
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },

    /** What the handler must write for `frame` with the default settings. */
    expectedEdges(frame: Uint8Array, config: HandlerConfig): Buffer {
      return Buffer.from(processFrame(frame, { blurModifier: config.blurModifier, quality: config.quality, format: config.format }).bytes);
    },

    /** The fault is gone: the same event now succeeds and writes exactly the right edge map. */
    async assertRetryWorks(handler: FrameHandler, config: HandlerConfig, key: string, frame: Uint8Array): Promise<void> {
      const summary = await handler(eventFor(key));
      assert.deepEqual(
        summary.processed.map((p) => p.key),
        [key],
      );
      assert.deepEqual(await rig.output(key), rig.expectedEdges(frame, config));
    },
  };
  return rig;
}
