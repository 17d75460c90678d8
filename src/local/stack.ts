// The product on this machine, no AWS account needed: a real S3-compatible server on
// 127.0.0.1 with the buckets raw-frames and processed-frames, and every object created in
// raw-frames delivered to the real Lambda handler with the event S3 would send; per-video
// tracking beside it (tracking.ts): dynalite, the manifest function for capture.json, a local
// EventBridge PutEvents endpoint for MediaConvert's job events, the failed-frame recorder after the
// last retry, the sweeper, events.jsonl; and the edge video (stitch.ts): each completed video's
// edge maps stitched into <videoId>/edges.mp4. One stack per data folder (data-lock.ts).
import { availableParallelism } from 'node:os';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sdkNodeWarningEnv } from '../core/node-support';
import { readLogLevel } from '../lambda/config';
import { readBlurMethod } from '../lambda/tracking-config';
import { readStallAfter } from '../lambda/tracking/function-config';
import { frameKeyRule } from '../tracking/frame-key';
import { decodeEventKey } from '../lambda/s3-event';
import { INPUT_BUCKET, LOCAL_REGION, OUTPUT_BUCKET } from './buckets';
import { LocalInvoker, type InvocationResult } from './invoker';
import { uploadSamples } from './sample-uploader';
import { uploadDemoVideo } from './demo-upload';
import type { DemoVideoSpec } from './demo-video';
import { asS3Event, type S3rverRecord } from './s3rver-events';
import { S3RVER_CREDENTIALS, startS3Server } from './s3-server';
import { startLocalTracking, type LocalTracking } from './tracking';
import { lockDataFolder, type DataLock } from './data-lock';
import { startEventsEndpoint, type EventsEndpoint } from './events-endpoint';
import { isManifestKey } from '../tracking/manifest';
import type { SweepOptions } from '../tracking/sweeper';
import { readStitchSettings, type StitchSettings } from '../video/stitch/settings';
import type { StitchSweepOptions } from '../video/stitch/sweeper';
import { startLocalStitch, type LocalStitch } from './stitch';
import { writeLocalOutputs } from './stack-outputs';
import { startViewer, type RunningViewer } from './viewer/server';

export interface LocalStackOptions {
  port: number;
  host?: string;
  /** Buckets and objects live here (kept between runs). */
  dataDir: string;
  /** Invocations running at once (worker threads). */
  concurrency?: number;
  /** Retries of a failed invocation, and the wait before the first (doubled for the second). */
  retries?: number;
  retryDelayMs?: number;
  /** The environment the handler's settings come from (BLUR_MODIFIER, OUTPUT_FORMAT, LOG_LEVEL...). */
  env?: Record<string, string | undefined>;
  /** Where the stack's own lines go. */
  print?: (line: string) => void;
  /** A file the handler's output (its JSON log lines) is appended to; this process's stdout when not given. */
  handlerLog?: string;
  /** DynamoDB's port (tracking); 0 or absent picks a free one. */
  dynamoPort?: number;
  /** The local EventBridge PutEvents endpoint's port (MediaConvert job events); 0 or absent picks a free one. */
  eventsPort?: number;
  /** How often the sweeper runs, and its grace periods (short here: nothing else is running). */
  sweepIntervalMs?: number;
  sweepGrace?: SweepOptions;
  /** The stitch sweeper's graces (its interval is the sweeper's). */
  stitchSweep?: StitchSweepOptions;
  /** The viewer page's port (viewer/server.ts): 0 picks a free one; absent, no viewer. */
  uiPort?: number;
}

/** A local sweep every 30 s: publications left pending 10 s, totals left unreconciled for a minute. */
export const LOCAL_SWEEP = { intervalMs: 30_000, grace: { publishGraceMs: 10_000, reconcileGraceMs: 60_000 } } as const;

export interface LocalStack {
  endpoint: string;
  port: number;
  /** DynamoDB (dynalite) with the tracking table. */
  dynamoEndpoint: string;
  /** EventBridge's PutEvents, for MediaConvert's job events. */
  eventsEndpoint: string;
  /** The viewer page, when started (`uiPort`). */
  uiEndpoint?: string;
  trackingTable: string;
  /** The edge video's settings (STITCH_SEGMENT_FRAMES, STITCH_QP from the environment). */
  stitchSettings: StitchSettings;
  /** Where the events that would go to EventBridge are appended, one JSON line each. */
  eventsFile: string;
  /** The stack's outputs and its servers, for `frame-processor smoke --outputs` (stack-outputs.ts). */
  outputsFile: string;
  /** Uploads every .jpg/.jpeg under `dir` to raw-frames (key = path relative to `dir`), which triggers them; returns the keys. */
  uploadSamples(dir: string): Promise<string[]>;
  /** Makes the demo video (demo-video.ts) and uploads its frames and capture.json to raw-frames. */
  uploadDemoVideo(): Promise<DemoVideoSpec>;
  stats: { invocations: number; succeeded: number; failed: number; retried: number };
  /** Resolves once every event so far has been handled (including retries). */
  idle(): Promise<void>;
  /** Lets running invocations finish, then stops; returns the number of queued events left unprocessed. */
  close(): Promise<number>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const print = options.print ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  // Read and checked before anything starts: a bad value refuses the start, naming the variable.
  const stitchSettings = readStitchSettings(env);
  const stallAfterMs = readStallAfter(env);
  const frameKeyPattern = env.FRAME_KEY_PATTERN || undefined;
  frameKeyRule(frameKeyPattern);
  await mkdir(options.dataDir, { recursive: true });
  const lock: DataLock = await lockDataFolder(options.dataDir);
  const s3 = await startS3Server({ host: options.host, port: options.port, directory: options.dataDir, buckets: [INPUT_BUCKET, OUTPUT_BUCKET] }).catch(async (error) => {
    await lock.release();
    throw error;
  });
  const stats = { invocations: 0, succeeded: 0, failed: 0, retried: 0 };
  const failedLog = join(options.dataDir, 'failed-events.jsonl');
  const handlerOutput = options.handlerLog === undefined ? undefined : createWriteStream(options.handlerLog, { flags: 'a' });
  handlerOutput?.on('error', (error) => print(`the handler's log cannot be written: ${error.message}`));
  const closeHandlerLog = () => new Promise<void>((resolve) => (handlerOutput ? handlerOutput.end(() => resolve()) : resolve()));
  let invoker: LocalInvoker;
  let tracking: LocalTracking | undefined;
  let stitch: LocalStitch | undefined;
  let events: EventsEndpoint | undefined;
  let viewer: RunningViewer | undefined;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const concurrency = options.concurrency ?? defaultConcurrency();
  const logLevel = readLogLevel(env);
  // A stall time of a few seconds (to try it) is looked for about twice as often.
  const sweepIntervalMs = options.sweepIntervalMs ?? Math.min(LOCAL_SWEEP.intervalMs, Math.max(1000, stallAfterMs / 2));
  try {
    tracking = await startLocalTracking({
      host: options.host ?? '127.0.0.1',
      port: options.dynamoPort ?? 0,
      dataDir: options.dataDir,
      s3Endpoint: s3.endpoint,
      logTo: handlerOutput,
      logLevel,
      blurMethod: readBlurMethod(env),
      print,
      sweepIntervalMs,
      grace: { ...(options.sweepGrace ?? LOCAL_SWEEP.grace), stallAfterMs },
      frameKeyPattern,
      retries,
      // The EventBridge rule of the planner: every "Video Frames Processed" starts a plan.
      onEvent: (line) => stitch?.eventPublished(line),
    });
    const localTracking = tracking;
    stitch = startLocalStitch({
      s3Endpoint: s3.endpoint, dynamo: tracking.dynamo, tableName: tracking.config.tableName, eventsFile: tracking.config.eventsFile!,
      settings: stitchSettings, concurrency, retries, retryDelayMs, logTo: handlerOutput, logLevel, print, sweepIntervalMs, sweep: options.stitchSweep, frameKeyPattern,
    });
    events = await startEventsEndpoint(options.host ?? '127.0.0.1', options.eventsPort ?? 0, (event) => localTracking.eventPut(event));
    if (options.uiPort !== undefined) {
      viewer = await startViewer({
        host: options.host ?? '127.0.0.1', port: options.uiPort, s3Endpoint: s3.endpoint, dynamo: tracking.dynamo.client(), tableName: tracking.config.tableName, frameKeys: tracking.config.frameKeys,
      });
    }
    invoker = await LocalInvoker.start({
      concurrency,
      env: handlerEnv(env, s3.endpoint, tracking),
      handlerOutput,
      retries,
      retryDelayMs,
      timeoutMs: 120_000,
      onResult: (result) => {
        count(stats, result);
        print(describeResult(result));
        if (!result.final) return;
        void appendFile(failedLog, JSON.stringify({ event: result.event, error: result.message }) + '\n');
        localTracking.failedForGood(result.event, result.message ?? 'failed', result.attempt + 1);
      },
    });
  } catch (error) {
    await stitch?.close();
    await Promise.all([s3.close(), closeHandlerLog(), tracking?.close(), events?.close(), viewer?.close()]);
    await lock.release();
    throw error;
  }
  const eventsEndpoint = events;
  tracking.resume();
  stitch.resume();
  const running = tracking;
  const stitching = stitch;
  const outputsFile = await writeLocalOutputs(options.dataDir, { s3Endpoint: s3.endpoint, dynamoEndpoint: running.dynamo.endpoint, trackingTable: running.config.tableName });
  s3.server.on('event', (event) => {
    for (const record of event.Records as S3rverRecord[]) {
      if (!record.eventName.startsWith('ObjectCreated:') || record.s3.bucket.name !== INPUT_BUCKET) continue;
      // On AWS the notifications are split by suffix: capture.json goes to the manifest function.
      if (isManifestKey(record.s3.object.key)) running.manifestCreated(asS3Event(record));
      else invoker.enqueue(asS3Event(record));
    }
  });
  return {
    endpoint: s3.endpoint,
    port: s3.port,
    dynamoEndpoint: running.dynamo.endpoint,
    eventsEndpoint: eventsEndpoint.endpoint,
    uiEndpoint: viewer?.endpoint,
    trackingTable: running.config.tableName,
    stitchSettings,
    eventsFile: running.config.eventsFile!,
    outputsFile,
    uploadSamples: (dir) => uploadSamples(s3.endpoint, dir),
    uploadDemoVideo: () => uploadDemoVideo(s3.endpoint),
    stats,
    async idle() {
      await invoker.idle();
      await running.idle(); // its events are read: a completed video's plan is queued
      await stitching.idle();
      await running.idle(); // the edge video's events are printed
    },
    async close() {
      await viewer?.close();
      await eventsEndpoint.close();
      const left = await invoker.close();
      await stitching.close();
      await running.close();
      await Promise.all([s3.close(), closeHandlerLog()]);
      await lock.release();
      return left;
    },
  };
}

/** The handler's environment: the caller's settings, pointed at the local servers, buckets and tracking table. */
function handlerEnv(env: Record<string, string | undefined>, endpoint: string, tracking: LocalTracking): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    POWERTOOLS_METRICS_DISABLED: 'true', // no CloudWatch here; POWERTOOLS_METRICS_DISABLED=false prints the EMF lines
    ...sdkNodeWarningEnv(),
    ...env,
    OUTPUT_BUCKET,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: tracking.dynamo.endpoint,
    TRACKING_TABLE: tracking.config.tableName,
    TRACKING_EVENTS_FILE: tracking.config.eventsFile,
    EDGE_VIDEO: 'on', // the stack stitches every video it completes (stitch.ts)
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
  };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

function count(stats: LocalStack['stats'], result: InvocationResult): void {
  stats.invocations++;
  if (result.ok) stats.succeeded++;
  else if (result.final) stats.failed++;
  else stats.retried++;
}

function describeResult(result: InvocationResult): string {
  const where = `${INPUT_BUCKET}/${decodeEventKey(result.event.Records[0].s3.object.key)}`;
  if (result.ok) {
    const outputs = result.outputKeys?.map((key) => `${OUTPUT_BUCKET}/${key}`).join(', ');
    return outputs ? `processed ${where} -> ${outputs} (${result.ms} ms)` : `skipped ${where} (not a .jpg/.jpeg key)`;
  }
  const next = result.final ? 'no retries left, written to failed-events.jsonl' : 'will retry';
  return `FAILED ${where} (attempt ${result.attempt + 1}, ${next}):\n${result.message}`;
}
