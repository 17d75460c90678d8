// Real servers for the tracking tests: a DynamoDB (dynalite in memory unless told: see
// dynamo-strict-backends.ts for dynalite behind the strict layer, and moto) with the tracking
// table, s3rver with an input and an output bucket, the local JSON-lines event publisher in a
// temporary directory. Plus crash injection (faults that throw InjectedCrashError) and Lambda-like
// redelivery of what failed for a transient reason.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { JsonlEventPublisher } from '../../src/tracking/events';
import type { ObjectLister } from '../../src/tracking/capture-listing';
import type { Faults, TrackingStep } from '../../src/tracking/faults';
import { countRequests, type RequestCounter } from '../../src/tracking/request-counter';
import { S3ObjectWriter, type ObjectWriter } from '../../src/tracking/s3-objects';
import { A, HASH_KEY, trackingTableDefinition } from '../../src/tracking/table';
import { Tracker } from '../../src/tracking/tracker';
import type { Change } from './dynamo-strict';
import { startDynamoBackend, type BackendOptions, type DynamoBackend, type DynamoBackendName } from './dynamo-strict-backends';
import { startTestS3, type TestS3 } from './s3-server';

export const INPUT_BUCKET = 'input';
export const OUTPUT_BUCKET = 'output';
export const TABLE = 'frame-tracking';

/** Thrown by the test faults: a process dying between two steps. */
export class InjectedCrashError extends Error {
  override name = 'InjectedCrashError';
  constructor(
    readonly step: TrackingStep,
    readonly videoId: string,
  ) {
    super(`injected crash after ${step} (${videoId})`);
  }
}

/** Crashes the `occurrence`-th time `step` is reached (1 = the first), once. */
export function crashAt(step: TrackingStep, occurrence = 1): Faults & { fired: boolean } {
  let seen = 0;
  const faults = {
    fired: false,
    step(reached: TrackingStep, videoId: string) {
      if (reached !== step || faults.fired || ++seen < occurrence) return;
      faults.fired = true;
      throw new InjectedCrashError(reached, videoId);
    },
  };
  return faults;
}

/** Crashes at any step with probability `p`, drawn from `random`. */
export function randomCrashes(random: () => number, p: number): Faults & { crashes: number } {
  const faults = {
    crashes: 0,
    step(reached: TrackingStep, videoId: string) {
      if (random() >= p) return;
      faults.crashes++;
      throw new InjectedCrashError(reached, videoId);
    },
  };
  return faults;
}

/** DynamoDB errors the strict layer injects, as the SDK reports them once its own retries are spent. */
const INJECTED_DYNAMO_ERRORS = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError']);

/**
 * True for a failure Lambda would deliver again and the tests inject: a crash, or a throttle or a
 * lost answer the SDK gave up on (the strict layer's). Anything else fails the test.
 */
export function isInjectedFailure(error: unknown): boolean {
  if (error instanceof InjectedCrashError) return true;
  const { name, code, message } = error as { name?: string; code?: string; message?: string };
  return INJECTED_DYNAMO_ERRORS.has(name ?? '') || code === 'ECONNRESET' || code === 'EPIPE' || message === 'socket hang up';
}

/**
 * Runs `work` as Lambda would: an invocation that failed for an injected reason is delivered
 * again, until it finishes. Anything else fails the test.
 */
export async function deliver<T>(work: () => Promise<T>, maxAttempts = 200): Promise<{ result: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { result: await work(), attempts: attempt };
    } catch (error) {
      if (!isInjectedFailure(error) || attempt >= maxAttempts) throw error;
    }
  }
}

/** The real S3 writer, also remembering every body it wrote per key (to compare publications). */
export class RecordingWriter implements ObjectWriter {
  readonly writes = new Map<string, string[]>();
  constructor(private readonly inner: ObjectWriter) {}

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.inner.put(key, body, contentType);
    this.writes.set(key, [...(this.writes.get(key) ?? []), body]);
  }
}

export interface TrackerSetup {
  /** One of the world's tables; TABLE unless told. */
  tableName?: string;
  /** The world's client unless told (one with other retry settings, say). */
  client?: DynamoDBClient;
  chunkSize?: number;
  groupSize?: number;
  faults?: Faults;
  now?: () => number;
  /** Lists the input bucket (a sweeper going on with MediaConvert listings). */
  lister?: ObjectLister;
}

export interface TrackingWorld {
  /** The DynamoDB in use; `dynamo.strict` is the strict layer when there is one. */
  dynamo: DynamoBackend;
  s3: TestS3;
  counter: RequestCounter;
  writer: RecordingWriter;
  eventsPath: string;
  tracker(setup?: TrackerSetup): Tracker;
  /** Lines of events.jsonl (parsed), optionally only one video's. */
  events(videoId?: string): Promise<{ source: string; 'detail-type': string; detail: { videoId: string } & Record<string, unknown> }[]>;
  /** Raw lines of events.jsonl for one video. */
  eventLines(videoId: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface WorldOptions extends BackendOptions {
  /** dynalite unless told. */
  backend?: DynamoBackendName;
}

/** `tables`: tracking tables to create (a chunk size is fixed per table: one table per size used). */
export async function startTrackingWorld(tables = [TABLE], options: WorldOptions = {}): Promise<TrackingWorld> {
  const directory = await mkdtemp(join(tmpdir(), 'frame-processor-tracking-'));
  const dynamo = await startDynamoBackend(options.backend ?? 'dynalite', tables.map(trackingTableDefinition), options);
  const s3 = await startTestS3([INPUT_BUCKET, OUTPUT_BUCKET]);
  const client = dynamo.client();
  const counter = countRequests(client);
  const writer = new RecordingWriter(new S3ObjectWriter(s3.client, OUTPUT_BUCKET));
  const eventsPath = join(directory, 'events.jsonl');
  const publisher = new JsonlEventPublisher(eventsPath);
  const lines = async (): Promise<string[]> => (await readFile(eventsPath, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return {
    dynamo,
    s3,
    counter,
    writer,
    eventsPath,
    tracker: (setup = {}) => new Tracker({ tableName: TABLE, objects: writer, events: publisher, ...setup, client: setup.client ?? client }),
    async events(videoId) {
      const parsed = (await lines()).map((line) => JSON.parse(line));
      return videoId === undefined ? parsed : parsed.filter((event) => event.detail.videoId === videoId);
    },
    async eventLines(videoId) {
      return (await lines()).filter((line) => JSON.parse(line).detail.videoId === videoId);
    },
    async close() {
      await s3.close();
      await dynamo.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * The writes that completed a video (its fp_CompletedAt appeared), from the strict layer's log of
 * changes: the truth, whatever the callers saw. `answerLost`: a caller never learnt of one.
 */
export function completingWrites(changes: Change[], videoId: string): { count: number; answerLost: boolean } {
  const made = changes.filter((change) => change.key[HASH_KEY]?.S === videoId && !change.before?.[A.completedAt] && change.after?.[A.completedAt]);
  return { count: made.length, answerLost: made.some((change) => change.answerLost) };
}

/**
 * Sweeps (grace 0) as the schedule would, until a sweep finds nothing to finish: a sweep that an
 * injected crash stopped is simply run again, as the next scheduled run would be.
 */
export async function sweepUntilQuiet(tracker: Tracker, maxSweeps = 20): Promise<void> {
  for (let sweeps = 0; sweeps < maxSweeps; sweeps++) {
    const result = await tracker.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
    const other = result.failed.filter(({ error }) => !error.includes('injected crash'));
    if (other.length > 0) throw new Error(`the sweeper failed: ${JSON.stringify(other)}`);
    if (result.failed.length === 0 && result.republished.length === 0 && result.completed.length === 0) return;
  }
  throw new Error(`still work left after ${maxSweeps} sweeps`);
}

/** `<videoId>/<name>.<7-digit index>.jpg` */
export function frameKey(videoId: string, index: number, name = 'frame'): string {
  return `${videoId}/${name}.${String(index).padStart(7, '0')}.jpg`;
}

/** Fisher-Yates shuffle with the given random source (returns a new array). */
export function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
