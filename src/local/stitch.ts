// The edge video on this machine, as deployed: every "Video Frames Processed" event the stack
// publishes starts the planner (the EventBridge rule), and plan, segment and join tasks run as
// asynchronous invocations would, on a pool of worker threads (stitch-pool.ts: CPU-bound
// encoding off the thread that serves s3rver and dynalite; segments in parallel up to the
// stack's concurrency; a failed task retried like Lambda's maximumRetryAttempts). The stitch
// sweeper runs here on an interval next to the tracking sweeper, with graces sized for a local
// machine. Events go to events.jsonl; the stitch's JSON log lines to the handler log.
import type { Writable } from 'node:stream';
import { describeTask, planTaskOfEvent } from '../video/stitch/tasks';
import { StitchService } from '../video/stitch/service';
import { STITCH_OUTBOX } from '../video/stitch/state';
import type { StitchSettings } from '../video/stitch/settings';
import type { StitchSweepOptions } from '../video/stitch/sweeper';
import { FRAMES_PROCESSED_DETAIL_TYPE, FRAMES_UPDATED_DETAIL_TYPE } from '../video/stitch/tasks';
import type { LogLevel } from '../lambda/config';
import { createS3Client } from '../lambda/s3-client';
import { JsonlEventPublisher } from '../tracking/events';
import { frameKeyRule } from '../tracking/frame-key';
import { LOCAL_REGION, OUTPUT_BUCKET } from './buckets';
import type { RunningDynamoServer } from './dynamo-server';
import { jsonLog } from './json-log';
import { S3RVER_CREDENTIALS } from './s3-server';
import { StitchPool } from './stitch-pool';
import type { TaskReport } from './stitch-thread';

const SECOND = 1000;
/**
 * Local retries come after 1 and 2 s and a segment of a few hundred frames takes seconds here, so
 * a step may be re-driven after a minute (segments and the join after a few: a long video's
 * segments wait in the pool's queue); publication after 10 s, like the tracking sweeper's.
 */
export const LOCAL_STITCH_SWEEP: StitchSweepOptions = {
  graceMs: {
    [STITCH_OUTBOX.plan]: 60 * SECOND,
    [STITCH_OUTBOX.invoke]: 60 * SECOND,
    [STITCH_OUTBOX.segments]: 600 * SECOND,
    [STITCH_OUTBOX.join]: 300 * SECOND,
    [STITCH_OUTBOX.publish]: 10 * SECOND,
    [STITCH_OUTBOX.recheck]: 60 * SECOND,
  },
  maxRedrives: 10,
};

export interface LocalStitchOptions {
  s3Endpoint: string;
  dynamo: RunningDynamoServer;
  tableName: string;
  eventsFile: string;
  /** Validated once at start (readStitchSettings). */
  settings: StitchSettings;
  /** Stitch tasks at once (worker threads). */
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  /** Where the stitch's JSON log lines go (the handler log); stdout when absent. */
  logTo?: Writable;
  logLevel: LogLevel;
  print: (line: string) => void;
  sweepIntervalMs: number;
  sweep?: StitchSweepOptions;
  /** FRAME_KEY_PATTERN (validated before the stack starts), if set. */
  frameKeyPattern?: string;
}

export interface LocalStitch {
  /** Once the stack has started: the steps an earlier run left pending, re-driven at once. */
  resume(): void;
  /** An event the stack published (a JSON line of events.jsonl); "Video Frames Processed" starts a plan. */
  eventPublished(line: string): void;
  /** Resolves when no stitch task or sweep is running, queued or waiting for a retry. */
  idle(): Promise<void>;
  /** Lets running tasks finish, then stops; returns the tasks left undone. */
  close(): Promise<number>;
}

export function startLocalStitch(options: LocalStitchOptions): LocalStitch {
  const { s3Endpoint, tableName, eventsFile, settings, logLevel } = options;
  const pool = new StitchPool(
    { s3Endpoint, dynamoEndpoint: options.dynamo.endpoint, tableName, bucket: OUTPUT_BUCKET, settings, eventsFile, logLevel, frameKeyPattern: options.frameKeyPattern },
    { size: options.concurrency, retries: options.retries, retryDelayMs: options.retryDelayMs, output: options.logTo, onReport: (report, final) => options.print(describeReport(report, final)) },
  );
  // The sweep only queries the outbox and queues tasks (or publishes): it runs on this thread.
  const s3 = createS3Client({ forcePathStyle: true }, { endpoint: s3Endpoint, region: LOCAL_REGION, credentials: S3RVER_CREDENTIALS });
  const sweeper = new StitchService({
    dynamo: options.dynamo.client(), tableName, s3, bucket: OUTPUT_BUCKET, settings, frameKeys: frameKeyRule(options.frameKeyPattern),
    invoker: { invoke: async (task) => pool.invoke(task) },
    events: new JsonlEventPublisher(eventsFile),
    log: jsonLog(options.logTo, logLevel, 'frame-processor-stitch'),
  });
  const sweeps = new Set<Promise<void>>();
  const sweepOnce = (sweep: StitchSweepOptions = options.sweep ?? LOCAL_STITCH_SWEEP) => {
    const running: Promise<void> = sweeper.sweep(sweep)
      .then(({ failed }) => failed.forEach(({ videoId, error }) => options.print(`stitch sweeper: ${videoId} failed: ${error}`)))
      .catch((error: Error) => options.print(`stitch sweeper failed: ${error.message}`))
      .finally(() => sweeps.delete(running));
    sweeps.add(running);
  };
  const timer = setInterval(() => sweepOnce(), options.sweepIntervalMs);
  timer.unref();
  return {
    resume() {
      // At start nothing of an earlier run is running any more (a stitch cut short by Ctrl-C):
      // every step it left pending is re-driven at once, not after its grace.
      const sweep = options.sweep ?? LOCAL_STITCH_SWEEP;
      sweepOnce({ ...sweep, graceMs: Object.fromEntries(Object.keys(sweep.graceMs).map((state) => [state, 0])) as StitchSweepOptions['graceMs'] });
    },
    eventPublished(line) {
      const event = parseEvent(line);
      if (event?.['detail-type'] !== FRAMES_PROCESSED_DETAIL_TYPE && event?.['detail-type'] !== FRAMES_UPDATED_DETAIL_TYPE) return;
      try {
        pool.invoke(planTaskOfEvent(event));
      } catch (error) {
        options.print(`stitch: ignored an event: ${(error as Error).message}`);
      }
    },
    async idle() {
      do {
        await Promise.all(sweeps);
        await pool.idle();
      } while (sweeps.size > 0);
    },
    async close() {
      clearInterval(timer);
      await Promise.all(sweeps);
      const left = await pool.stop();
      s3.destroy();
      return left;
    },
  };
}

function parseEvent(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** "stitch segment 2 of clip-7: encoded (812 ms)", or the failure and what happens next. */
function describeReport(report: TaskReport, final: boolean): string {
  const what = `stitch ${describeTask(report.task)}`;
  const ms = Math.round(report.endedAt - report.startedAt);
  if (report.error === undefined) return `${what}: ${report.result} (${ms} ms)`;
  return `${what} FAILED (${final ? 'no retries left: the stitch sweeper re-drives it' : 'will retry'}): ${report.error}`;
}
