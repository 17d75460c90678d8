// The Lambda side of tracking over real local servers, for a mocha suite: s3rver (raw-frames,
// processed-frames) and dynalite (the tracking table) start before the suite's tests and stop after
// them; handlers are built the way their entry points build them (createTracker, the JSON-lines
// event file), with a log that records every line for the tests to read.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { readConfig } from '../../src/lambda/config';
import { createFrameHandler, type FrameHandler, type HandlerDeps } from '../../src/lambda/invocation';
import { createHandler, type LambdaHandler } from '../../src/lambda/dispatch';
import { createS3Client } from '../../src/lambda/s3-client';
import { createReport, type TrackingReport } from '../../src/lambda/tracking/report';
import type { TrackingConfig } from '../../src/lambda/tracking-config';
import { createTracker } from '../../src/lambda/tracking-setup';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { DYNALITE_CREDENTIALS, startDynamoServer, type RunningDynamoServer } from '../../src/local/dynamo-server';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import type { TrackingLog } from '../../src/tracking/context';
import { trackingTableDefinition } from '../../src/tracking/table';
import type { Tracker } from '../../src/tracking/tracker';
import { loadEvent } from './events';
import { RAW, OUT } from './handler-rig';
import { makeJpeg } from './jpegs';
import { RecordingObserver } from './recording-observer';
import { startTestS3, TEST_REGION, type TestS3 } from './s3-server';
import { frameKey } from './tracking-world';

export { RAW, OUT };
export const TRACKING_TABLE = 'frame-tracking';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

export class RecordingLog implements TrackingLog {
  lines: LogLine[] = [];
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: Record<string, unknown> = {}): void {
    this.lines.push({ level: 'error', message, fields });
  }
}

export interface TrackingRig {
  readonly s3: TestS3;
  readonly dynamo: RunningDynamoServer;
  /** A client of the S3 server, as a function's entry point makes it. */
  readonly functionS3: S3Client;
  readonly config: TrackingConfig;
  readonly log: RecordingLog;
  report(): TrackingReport;
  /** A tracker built like the functions' (publishing unless told not to), on `client` if given. */
  tracker(options?: { publishes?: boolean; client?: DynamoDBClient }): Tracker;
  /** The frame handler with TRACKING_TABLE set; deps override its own. */
  frameHandler(deps?: Partial<HandlerDeps>): { handler: FrameHandler; observer: RecordingObserver };
  /** The deployed entry point (S3 events and S3 Batch Operations) over the frame handler's deps. */
  entryPoint(deps?: Partial<HandlerDeps>): { handler: LambdaHandler; observer: RecordingObserver };
  /** A video's frames (width x height, seeded by index) and its capture.json in raw-frames; the manifest's S3 event. */
  putVideo(videoId: string, frames: number, width: number, height: number): Promise<{ keys: string[]; manifestEvent: S3Event }>;
  /** A tracker whose DynamoDB is down (a port nothing listens on); destroy its client after. */
  trackerWithDynamoDown(): Promise<{ tracker: Tracker; client: DynamoDBClient }>;
  /** Parsed events.jsonl lines, optionally one video's. */
  events(videoId?: string): Promise<Array<{ source: string; 'detail-type': string; detail: Record<string, unknown> }>>;
  /** `<videoId>/video.json` from processed-frames, parsed. */
  videoRecord(videoId: string): Promise<Record<string, unknown>>;
}

export function useTrackingRig(): TrackingRig {
  let s3: TestS3 | undefined;
  let dynamo: RunningDynamoServer | undefined;
  let functionS3: S3Client | undefined;
  let directory = '';
  const log = new RecordingLog();
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'frame-processor-tracking-functions-'));
    [s3, dynamo] = await Promise.all([startTestS3([RAW, OUT]), startDynamoServer({ port: 0, tables: [trackingTableDefinition(TRACKING_TABLE)] })]);
    functionS3 = createS3Client({ forcePathStyle: true }, { endpoint: s3.endpoint, region: TEST_REGION, credentials: S3RVER_CREDENTIALS });
  });
  after(async () => {
    functionS3?.destroy();
    await Promise.all([s3?.close(), dynamo?.close()]);
    await rm(directory, { recursive: true, force: true });
  });
  const running = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the servers start in the suite's before hook");
    return value;
  };
  const env = () => ({ OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true', TRACKING_TABLE, TRACKING_EVENTS_FILE: join(directory, 'events.jsonl') });
  const frameDeps = (deps: Partial<HandlerDeps>) => {
    const observer = new RecordingObserver();
    return { built: { config: readConfig(env()), s3: rig.functionS3, observer, tracking: rig.tracker(), ...deps }, observer };
  };
  const rig: TrackingRig = {
    get s3() {
      return running(s3);
    },
    get dynamo() {
      return running(dynamo);
    },
    get functionS3() {
      return running(functionS3);
    },
    get config() {
      return readConfig(env()).tracking!;
    },
    log,
    report: () => createReport(log),
    tracker({ publishes = true, client } = {}) {
      const publishTo = publishes ? { s3: rig.functionS3, outputBucket: OUT } : undefined;
      return createTracker(rig.config, { publishTo, log, client: client ?? rig.dynamo.client() });
    },
    frameHandler(deps = {}) {
      const { built, observer } = frameDeps(deps);
      return { handler: createFrameHandler(built), observer };
    },
    entryPoint(deps = {}) {
      const { built, observer } = frameDeps(deps);
      return { handler: createHandler(built), observer };
    },
    async putVideo(videoId, frames, width, height) {
      const keys = Array.from({ length: frames }, (_, index) => frameKey(videoId, index));
      for (const [index, key] of keys.entries()) await rig.s3.put(RAW, key, makeJpeg(width, height, index));
      await rig.s3.put(RAW, `${videoId}/capture.json`, JSON.stringify({ totalFrames: frames, frameRate: 25 }), 'application/json');
      const manifestEvent = loadEvent('put-capture-json.json');
      manifestEvent.Records[0].s3.bucket.name = RAW;
      manifestEvent.Records[0].s3.object.key = encodeEventKey(`${videoId}/capture.json`);
      return { keys, manifestEvent };
    },
    async trackerWithDynamoDown() {
      const closed = createServer().listen(0, '127.0.0.1');
      await new Promise((resolve) => closed.once('listening', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const client = new DynamoDBClient({ region: TEST_REGION, endpoint: `http://127.0.0.1:${port}`, credentials: DYNALITE_CREDENTIALS, maxAttempts: 1 });
      return { tracker: rig.tracker({ client }), client };
    },
    async events(videoId) {
      const text = await readFile(join(directory, 'events.jsonl'), 'utf8').catch(() => '');
      const events = text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      return videoId === undefined ? events : events.filter((event) => event.detail.videoId === videoId);
    },
    async videoRecord(videoId) {
      return JSON.parse((await rig.s3.get(OUT, `${videoId}/video.json`)).body.toString('utf8'));
    },
  };
  return rig;
}
