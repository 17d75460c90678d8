// Per-video tracking on this machine, next to the frame handler's workers: dynalite (data under
// `<data-dir>/_dynamodb`, a name no bucket can have), and the tracking functions run in this process
// as Lambda would run them: the manifest function on every created capture.json, the MediaConvert
// function on every COMPLETE job event put on the local PutEvents endpoint (events-endpoint.ts),
// the failed-frame recorder on every frame that failed for good (given the destination record
// Lambda would send, through the SNS shape the stack uses), the sweeper on an interval, and once
// at start with no grace: nothing of an earlier run is still running, so whatever it left in the
// outbox is taken up at once. Every event the stack would put on EventBridge is a JSON line of
// `<data-dir>/events.jsonl` (written by whichever thread publishes), printed here as a line.
import type { Writable } from 'node:stream';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { ListenError } from '../core/errors';
import type { BlurMethod } from '../core/reduction';
import type { LogLevel } from '../lambda/config';
import { createS3Client } from '../lambda/s3-client';
import { decodeEventKey } from '../lambda/s3-event';
import { createFailedFrameRecorder } from '../lambda/tracking/failed-frames';
import { createManifestHandler } from '../lambda/tracking/manifest';
import { createMediaConvertHandler, InputBucketLister } from '../lambda/tracking/mediaconvert';
import { createReport } from '../lambda/tracking/report';
import { DROPPED } from '../lambda/tracking/each-item';
import type { TrackingLog } from '../tracking/context';
import { createSweeperHandler } from '../lambda/tracking/sweeper';
import { EDGE_VIDEO_OUTBOX, type TrackingConfig } from '../lambda/tracking-config';
import { createTracker } from '../lambda/tracking-setup';
import { frameKeyRule } from '../tracking/frame-key';
import { S3Lister } from '../tracking/s3-objects';
import type { SweepOptions } from '../tracking/sweeper';
import { trackingTableDefinition } from '../tracking/table';
import { INPUT_BUCKET, LOCAL_REGION, OUTPUT_BUCKET } from './buckets';
import { startDynamoServer, type RunningDynamoServer } from './dynamo-server';
import { describeEvent } from './event-lines';
import { EventsTail } from './events-tail';
import type { DeliveredEvent } from './events-endpoint';
import { jsonLog } from './json-log';
import { destinationNotification } from './failure-record';
import { S3RVER_CREDENTIALS } from './s3-server';

export const TRACKING_TABLE = 'frame-tracking';
export const EVENTS_FILE = 'events.jsonl';
export const DYNAMODB_DIR = '_dynamodb';

export interface LocalTrackingOptions {
  host: string;
  /** DynamoDB's port; 0 picks a free one. */
  port: number;
  dataDir: string;
  s3Endpoint: string;
  /** Where the tracking functions' JSON log lines go (the handler log); stdout when absent. */
  logTo?: Writable;
  /** The handler's LOG_LEVEL, which these functions follow too. */
  logLevel: LogLevel;
  /** The handler's BLUR_METHOD, which video.json records. */
  blurMethod: BlurMethod;
  print: (line: string) => void;
  sweepIntervalMs: number;
  /** Grace periods and the stall time (VIDEO_STALL_AFTER). */
  grace: SweepOptions;
  /** FRAME_KEY_PATTERN (validated before the stack starts), if set. */
  frameKeyPattern?: string;
  /** Retries of a failed manifest invocation (Lambda's maximumRetryAttempts). */
  retries: number;
  /** Each event (a JSON line of events.jsonl) published while the stack runs, as EventBridge rules would see it. */
  onEvent?: (line: string) => void;
}

export interface LocalTracking {
  dynamo: RunningDynamoServer;
  config: TrackingConfig;
  /** A created `<videoId>/capture.json` (the S3 event Lambda would get). */
  manifestCreated(event: S3Event): void;
  /** An event put on the local bus: a MediaConvert COMPLETE job's goes to the MediaConvert function. */
  eventPut(event: DeliveredEvent): void;
  /** A frame event that failed every retry with `message`. */
  failedForGood(event: S3Event, message: string, attempts: number): void;
  /** Once the stack has started: what an earlier run left in the outbox, taken up at once. */
  resume(): void;
  /** Resolves when no tracking function is running; prints the events published so far. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalTracking(options: LocalTrackingOptions): Promise<LocalTracking> {
  const dynamo = await startDynamoServer({ host: options.host, port: options.port, directory: join(options.dataDir, DYNAMODB_DIR), tables: [trackingTableDefinition(TRACKING_TABLE)] }).catch(
    (error: NodeJS.ErrnoException) => {
      throw error.syscall === 'listen' ? ListenError.from(error, options.host, options.port, '--dynamo-port') : error;
    },
  );
  // The edge video is always on here: published videos are handed on to the stitch planner, as
  // the handler's EDGE_VIDEO=on does for the frame workers (stack.ts).
  const config: TrackingConfig = {
    tableName: TRACKING_TABLE, eventsFile: join(options.dataDir, EVENTS_FILE), outboxAfterPublish: EDGE_VIDEO_OUTBOX, blurMethod: options.blurMethod, frameKeys: frameKeyRule(options.frameKeyPattern),
  };
  const log = jsonLog(options.logTo, options.logLevel, 'frame-processor-tracking');
  const s3 = createS3Client({ forcePathStyle: true }, { endpoint: options.s3Endpoint, region: LOCAL_REGION, credentials: S3RVER_CREDENTIALS });
  const lister = new InputBucketLister(new S3Lister(s3), INPUT_BUCKET);
  const tracker = (publishes: boolean) => createTracker(config, { publishTo: publishes ? { s3, outputBucket: OUTPUT_BUCKET } : undefined, log, client: dynamo.client(), lister });
  const manifestTracker = tracker(true);
  const mediaConvert = createMediaConvertHandler({ tracker: tracker(true), lister, inputBucket: INPUT_BUCKET, report: createReport(log) });
  const recorder = createFailedFrameRecorder({ tracker: tracker(false), report: createReport(log) });
  const sweeper = createSweeperHandler({ tracker: tracker(true), grace: options.grace, report: createReport(log) });
  const atStart = createSweeperHandler({ tracker: tracker(true), grace: { ...options.grace, publishGraceMs: 0, reconcileGraceMs: 0 }, report: createReport(log) });
  const places = { s3Endpoint: options.s3Endpoint, dataDir: options.dataDir };
  const tail = new EventsTail(config.eventsFile!, (line, fresh) => {
    // The file outlives the stack: a restart reads it from the start, and those lines are history.
    options.print(`${fresh ? '' : 'earlier: '}${describeEvent(line, places, OUTPUT_BUCKET)}`);
    if (fresh) options.onEvent?.(line);
  });
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>, what: string) => {
    const settled = work.catch((error: Error) => options.print(`tracking: ${what} failed: ${error.message}`)).finally(() => running.delete(settled));
    running.add(settled);
  };
  const sweeping = setInterval(() => track(sweeper(), 'the sweeper'), options.sweepIntervalMs);
  sweeping.unref();
  return {
    dynamo,
    config,
    manifestCreated(event) {
      const where = `${event.Records[0].s3.bucket.name}/${decodeEventKey(event.Records[0].s3.object.key)}`;
      // A handler of its own, to hear the reason of a refusal, printed as a failed frame's is.
      const refusals: string[] = [];
      const manifest = createManifestHandler({ s3, tracker: manifestTracker, report: createReport(hearingRefusals(log, refusals)) });
      const recorded = withRetries(() => manifest(event), options.retries).then(({ done }) =>
        options.print(done > 0 ? `manifest ${where}: total recorded` : `manifest ${where}: REFUSED, not retried: ${refusals.join('; ') || 'the handler log says why'}`),
      );
      track(recorded, `manifest ${where}`);
    },
    resume: () => track(atStart(), 'the sweeper at start'),
    eventPut(event) {
      const detail = event.detail as { status?: unknown; jobId?: unknown } | null;
      if (event.source !== 'aws.mediaconvert' || event['detail-type'] !== 'MediaConvert Job State Change' || detail?.status !== 'COMPLETE') {
        options.print(`event ${event['detail-type'] || '(no detail-type)'} from ${event.source || '(no source)'}: no local rule matches it (only MediaConvert's COMPLETE jobs)`);
        return;
      }
      const job = `MediaConvert job ${String(detail.jobId)}`;
      track(withRetries(() => mediaConvert(event), options.retries).then(() => options.print(`${job}: its frame captures counted (the handler log says what each recorded)`)), job);
    },
    failedForGood: (event, message, attempts) => track(recorder(destinationNotification(event, message, attempts)), 'recording a failed frame'),
    async idle() {
      while (running.size > 0) await Promise.all(running);
      await tail.poll();
    },
    async close() {
      clearInterval(sweeping);
      while (running.size > 0) await Promise.all(running);
      await tail.poll();
      tail.stop();
      s3.destroy();
      await dynamo.close();
    },
  };
}

/** `log`, and the reason of every item the tracking function drops (each-item.ts) into `reasons`. */
function hearingRefusals(log: TrackingLog, reasons: string[]): TrackingLog {
  return {
    ...log,
    warn(message, fields) {
      if (message === DROPPED && typeof fields?.reason === 'string') reasons.push(fields.reason);
      log.warn(message, fields);
    },
  };
}

async function withRetries<T>(work: () => Promise<T>, retries: number): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= retries) throw error;
    }
  }
}
