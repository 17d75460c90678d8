// Real servers and the whole chain for the stitch tests: dynalite with the tracking table, s3rver
// with the input and output buckets, the frame accounting (Tracker) handing completed videos on
// to the stitch (outboxAfterPublish), an event publisher that records every event and forwards
// "Video Frames Processed" to the planner as the EventBridge rule would, and a Lambda-like
// invoker running the stitch's tasks. Crashes are injected through the stitch's step hook and,
// for the points inside putSegment and the join's upload, through an S3 client wrapper.
import type { S3Client } from '@aws-sdk/client-s3';
import { startDynamoServer, type RunningDynamoServer } from '../../src/local/dynamo-server';
import type { EventPublisher, TrackingEvent } from '../../src/tracking/events';
import { S3ObjectWriter } from '../../src/tracking/s3-objects';
import { getConsistent } from '../../src/tracking/items';
import { A, trackingTableDefinition, videoKey } from '../../src/tracking/table';
import { Tracker } from '../../src/tracking/tracker';
import { listKeyPages, type StitchS3 } from '../../src/video/stitch/s3';
import { StitchService } from '../../src/video/stitch/service';
import type { StitchSettings } from '../../src/video/stitch/settings';
import { SA, STITCH_OUTBOX } from '../../src/video/stitch/state';
import type { StitchStep } from '../../src/video/stitch/steps';
import { FRAMES_PROCESSED_DETAIL_TYPE, FRAMES_UPDATED_DETAIL_TYPE } from '../../src/video/stitch/tasks';
import { LambdaLikeInvoker, type LambdaLikeOptions } from './lambda-like-invoker';
import { startTestS3, type TestS3 } from './s3-server';

export const INPUT_BUCKET = 'input';
export const OUTPUT_BUCKET = 'output';
export const TABLE = 'frame-tracking';

/** Crash points: the stitch's steps plus two inside library calls, reached through the S3 wrapper. */
export type CrashPoint = StitchStep | 'inside-segment-put' | 'inside-join-upload';
export const INSIDE_POINTS: CrashPoint[] = ['inside-segment-put', 'inside-join-upload'];

export class StitchCrashError extends Error {
  override name = 'StitchCrashError';
  constructor(readonly point: CrashPoint, readonly videoId: string) {
    super(`injected crash after ${point} (${videoId})`);
  }
}

/** True for an injected crash, also when a library wrapped it (as the join's upload does). */
export function isInjectedCrash(error: unknown): boolean {
  for (let at = error; at; at = (at as { cause?: unknown }).cause) if (at instanceof StitchCrashError) return true;
  return false;
}

export interface CrashHook {
  step(point: CrashPoint, videoId: string): void;
}

export interface RecordedEvent {
  detailType: string;
  line: string;
  detail: { videoId: string } & Record<string, unknown>;
}

export interface PipelineOptions extends Partial<Omit<LambdaLikeOptions, 'isCrash'>> {
  settings?: StitchSettings;
  faults?: CrashHook;
  now?: () => number;
}

export interface Pipeline {
  tracker: Tracker;
  service: StitchService;
  invoker: LambdaLikeInvoker;
}

export interface StitchWorld {
  dynamo: RunningDynamoServer;
  s3: TestS3;
  events: RecordedEvent[];
  /** Bodies of every video.json written by the stitch, by key. */
  records: Map<string, string[]>;
  pipeline(options?: PipelineOptions): Pipeline;
  /**
   * Keys of the output bucket under `prefix`, every page. (A prefix keeps s3rver's directory walk
   * inside it: listing the whole bucket races with other videos' deletions and can answer 500.)
   */
  keysUnder(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

const NO_HOOK: CrashHook = { step: () => undefined };

export async function startStitchWorld(): Promise<StitchWorld> {
  const [dynamo, s3] = await Promise.all([startDynamoServer({ port: 0, tables: [trackingTableDefinition(TABLE)] }), startTestS3([INPUT_BUCKET, OUTPUT_BUCKET])]);
  const client = dynamo.client();
  const events: RecordedEvent[] = [];
  const records = new Map<string, string[]>();
  return {
    dynamo,
    s3,
    events,
    records,
    pipeline(options = {}) {
      const hook = options.faults ?? NO_HOOK;
      const invoker = new LambdaLikeInvoker({ ...options, isCrash: isInjectedCrash });
      const publisher = forwardingPublisher(events, invoker);
      const tracker = new Tracker({ client, tableName: TABLE, objects: new S3ObjectWriter(s3.client, OUTPUT_BUCKET), events: publisher, chunkSize: 4, outboxAfterPublish: STITCH_OUTBOX.plan });
      const service = new StitchService({
        dynamo: client, tableName: TABLE, s3: hookedS3(s3.client, hook, records), bucket: OUTPUT_BUCKET, invoker, events: publisher,
        settings: options.settings, faults: { step: (step, videoId) => hook.step(step, videoId) }, now: options.now,
      });
      invoker.bind((task) => service.run(task));
      return { tracker, service, invoker };
    },
    async keysUnder(prefix) {
      const keys: string[] = [];
      for await (const page of listKeyPages(s3.client, OUTPUT_BUCKET, prefix)) keys.push(...page);
      return keys;
    },
    async close() {
      await s3.close();
      await dynamo.close();
    },
  };
}

/** Records each event; "Video Frames Processed" and "Video Frames Updated" also queue the planner, as the EventBridge rule does. */
function forwardingPublisher(events: RecordedEvent[], invoker: LambdaLikeInvoker): EventPublisher {
  return {
    async publish(event: TrackingEvent) {
      const line = JSON.stringify({ source: event.source, 'detail-type': event.detailType, detail: event.detail });
      events.push({ detailType: event.detailType, line, detail: event.detail as RecordedEvent['detail'] });
      if (event.detailType === FRAMES_PROCESSED_DETAIL_TYPE || event.detailType === FRAMES_UPDATED_DETAIL_TYPE) await invoker.invoke({ kind: 'plan', videoId: (event.detail as { videoId: string }).videoId });
    },
  };
}

/** The real client, reaching the two crash points inside library calls and recording video.json bodies. */
function hookedS3(client: S3Client, hook: CrashHook, records: Map<string, string[]>): StitchS3 {
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const response = await client.send(command as unknown as Parameters<S3Client['send']>[0]);
    const name = command.constructor.name;
    const key = String(command.input.Key ?? '');
    const videoId = key.slice(0, key.lastIndexOf('/')).replace(/\/\.stitch$/, '');
    if (name === 'PutObjectCommand' && key.endsWith('/video.json')) records.set(key, [...(records.get(key) ?? []), String(command.input.Body)]);
    if (name === 'PutObjectCommand' && /\/\.stitch\/segment-\d+\.[0-9a-f]+\.h264$/.test(key)) hook.step('inside-segment-put', videoId);
    if (name === 'UploadPartCommand' && key.endsWith('/edges.mp4') && command.input.PartNumber === 1) hook.step('inside-join-upload', videoId);
    return response;
  };
  return { send } as unknown as StitchS3;
}

/** Every state re-driven at once. */
export const NO_GRACE = Object.fromEntries(Object.values(STITCH_OUTBOX).map((state) => [state, 0])) as Record<(typeof STITCH_OUTBOX)[keyof typeof STITCH_OUTBOX], number>;

export interface SettleOptions {
  /** Also wait until this video has its outcome and no outbox entry (work for it may run on another pipeline's invoker). */
  videoId?: string;
  maxRounds?: number;
  maxRedrives?: number;
}

/** Runs queued tasks and sweeps (grace 0) until a sweep finds nothing to re-drive and the video, if named, is finished. */
export async function settle(pipeline: Pipeline, options: SettleOptions = {}): Promise<number> {
  const { videoId, maxRounds = 50, maxRedrives = 1000 } = options;
  const table = { client: pipeline.tracker.ctx.table.client, name: TABLE };
  for (let round = 1; round <= maxRounds; round++) {
    await pipeline.invoker.drain();
    const swept = await pipeline.service.sweep({ graceMs: NO_GRACE, maxRedrives });
    const trackingSwept = await pipeline.tracker.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
    await pipeline.invoker.drain();
    if (swept.failed.length > 0 || trackingSwept.failed.length > 0) continue;
    const quiet = swept.redriven.length === 0 && swept.refused.length === 0 && trackingSwept.republished.length === 0 && trackingSwept.completed.length === 0;
    if (!quiet) continue;
    const item = videoId === undefined ? undefined : await getConsistent(table, videoKey(videoId));
    if (videoId === undefined || (item?.[SA.outcome] && !item[A.outbox])) return round;
    await new Promise((resolve) => setTimeout(resolve, 20)); // another pipeline is working on it
  }
  throw new Error(`the stitch did not settle in ${maxRounds} sweeps`);
}
