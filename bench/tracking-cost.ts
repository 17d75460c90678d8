// What per-video tracking adds to each frame, measured in this process against real local servers
// (s3rver, dynalite on loopback): the frame handler without tracking (the baseline) and with it,
// alternating frame by frame on the same small frame so that both see the same machine; the
// tracking call alone; and the DynamoDB requests per frame over whole videos (manifest first, so
// every chunk promotion, the completion and the publication are counted).
import type { S3Event } from 'aws-lambda';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { encode } from 'jpeg-js';
import { readConfig } from '../src/lambda/config';
import { createFrameHandler, type FrameHandler } from '../src/lambda/invocation';
import type { FrameObserver } from '../src/lambda/observability';
import type { FrameTracking } from '../src/lambda/process-object';
import { createS3Client } from '../src/lambda/s3-client';
import { encodeEventKey } from '../src/lambda/s3-event';
import { createTracker } from '../src/lambda/tracking-setup';
import { startDynamoServer } from '../src/local/dynamo-server';
import { S3RVER_CREDENTIALS, startS3Server } from '../src/local/s3-server';
import { SILENT_LOG } from '../src/tracking/context';
import { countRequests, type RequestCounts } from '../src/tracking/request-counter';
import { MEDIACONVERT_FRAME_NAME } from '../src/tracking/frame-key';
import { trackingTableDefinition } from '../src/tracking/table';
import { median } from './stats';

export interface TrackingCost {
  /** Frames per contender; the videos they form; the frame's size. */
  frames: number;
  videos: number;
  frameSize: string;
  baselineMsPerFrame: number;
  trackedMsPerFrame: number;
  /** Median tracked minus median baseline. */
  addedMsPerFrame: number;
  /** The tracking call alone (after the edge map is written): median and 95th percentile. */
  trackingCallMs: { median: number; p95: number };
  requestsPerFrame: { writes: number; reads: number; writeUnits: number; readUnits: number };
  byCommand: RequestCounts['byCommand'];
}

const IN = 'bench-raw';
const OUT = 'bench-out';
const TABLE = 'bench-tracking';
/** Frames per video: the core's default chunk is 128, so a video is several chunks and promotions. */
const VIDEO_FRAMES = 256;
const QUIET: FrameObserver = { invocationStarted() {}, frameProcessed() {}, frameSkipped() {}, frameFailed() {}, invocationFinished() {} };

export async function measureTrackingCost(frames: number, log: (line: string) => void): Promise<TrackingCost> {
  const directory = await mkdtemp(join(tmpdir(), 'frame-processor-bench-tracking-'));
  const s3server = await startS3Server({ port: 0, directory, buckets: [IN, OUT] });
  const dynamo = await startDynamoServer({ port: 0, tables: [trackingTableDefinition(TABLE)] });
  const s3 = createS3Client({ forcePathStyle: true }, { endpoint: s3server.endpoint, region: 'us-east-1', credentials: S3RVER_CREDENTIALS });
  try {
    const client = dynamo.client();
    const counter = countRequests(client);
    const tracker = createTracker({ tableName: TABLE, eventsFile: join(directory, 'events.jsonl'), frameKeys: MEDIACONVERT_FRAME_NAME }, { publishTo: { s3, outputBucket: OUT }, log: SILENT_LOG, client });
    const callMs: number[] = [];
    const timedTracking: FrameTracking = {
      async frameProcessed(key) {
        const started = performance.now();
        const result = await tracker.frameProcessed(key);
        callMs.push(performance.now() - started);
        return result;
      },
      frameFailed: (key, reason) => tracker.frameFailed(key, reason),
    };
    const config = readConfig({ OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true' });
    const baseline = createFrameHandler({ config, s3, observer: QUIET });
    const tracked = createFrameHandler({ config, s3, observer: QUIET, tracking: timedTracking });
    const frame = encode({ data: noise(64, 48), width: 64, height: 48 }, 90).data;
    const keys = Array.from({ length: frames }, (_, i) => `video-${Math.floor(i / VIDEO_FRAMES)}/frame.${String(i % VIDEO_FRAMES).padStart(7, '0')}.jpg`);
    log(`tracking cost: ${frames} frames with and without tracking (s3rver + dynalite on loopback)`);
    for (const key of keys) await Promise.all([putObject(s3, `untracked/${key}`, frame), putObject(s3, key, frame)]);
    const videos = Math.ceil(frames / VIDEO_FRAMES);
    for (let v = 0; v < videos; v++) {
      const total = Math.min(VIDEO_FRAMES, frames - v * VIDEO_FRAMES);
      await tracker.manifest(new TextEncoder().encode(JSON.stringify({ totalFrames: total })), `video-${v}/capture.json`);
    }
    await putObject(s3, 'warm-up/frame.jpg', frame);
    await timedInvoke(baseline, 'warm-up/frame.jpg');
    counter.reset();
    const baselineMs: number[] = [];
    const trackedMs: number[] = [];
    for (const key of keys) {
      baselineMs.push(await timedInvoke(baseline, `untracked/${key}`));
      trackedMs.push(await timedInvoke(tracked, key));
    }
    const counts = counter.counts();
    const [b, t] = [median(baselineMs), median(trackedMs)];
    return {
      frames,
      videos,
      frameSize: '64x48',
      baselineMsPerFrame: b,
      trackedMsPerFrame: t,
      addedMsPerFrame: t - b,
      trackingCallMs: { median: median(callMs), p95: percentile(callMs, 0.95) },
      requestsPerFrame: { writes: counts.writes / frames, reads: counts.reads / frames, writeUnits: counts.writeUnits / frames, readUnits: counts.readUnits / frames },
      byCommand: counts.byCommand,
    };
  } finally {
    s3.destroy();
    await Promise.all([s3server.close(), dynamo.close()]);
    await rm(directory, { recursive: true, force: true });
  }
}

/** The fields of an S3 event record the handler reads. */
function event(key: string): S3Event {
  return { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: IN }, object: { key: encodeEventKey(key) } } }] } as unknown as S3Event;
}

async function timedInvoke(handler: FrameHandler, key: string): Promise<number> {
  const started = performance.now();
  await handler(event(key));
  return performance.now() - started;
}

async function putObject(s3: S3Client, key: string, body: Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: IN, Key: key, Body: body }));
}

function noise(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) data[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  return data;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, c) => a - c);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
