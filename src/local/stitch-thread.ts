// A stitch worker thread: one "Lambda instance" running stitch tasks (plan, segment, join) one at
// a time with the real StitchService against the main thread's s3rver and dynalite. Encoding is
// CPU-bound, so it runs here and the servers keep answering from the main thread. Invocations go
// back to the main thread (stitch-pool.ts), which queues them like Lambda's async invocation;
// events are appended to the events file when one is given (the local stack's events.jsonl, as
// the frame handler's threads do) and posted to the main thread too (the benchmark waits on
// them). Each task's wall time, result and requests are reported with its completion (not its
// CPU time: Node 20 has no per-thread CPU clock).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { performance } from 'node:perf_hooks';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import type { LogLevel } from '../lambda/config';
import { SILENT_LOG } from '../tracking/context';
import { JsonlEventPublisher } from '../tracking/events';
import { countRequests } from '../tracking/request-counter';
import { StitchService, type TaskResult } from '../video/stitch/service';
import { frameKeyRule } from '../tracking/frame-key';
import type { StitchSettings } from '../video/stitch/settings';
import type { StitchTask } from '../video/stitch/tasks';
import { LOCAL_REGION } from './buckets';
import { DYNALITE_CREDENTIALS } from './dynamo-server';
import { jsonLog } from './json-log';
import { S3RVER_CREDENTIALS } from './s3-server';

export interface StitchThreadSetup {
  s3Endpoint: string;
  dynamoEndpoint: string;
  tableName: string;
  bucket: string;
  settings: StitchSettings;
  /** Events are appended here as JSON lines (and posted to the main thread either way). */
  eventsFile?: string;
  /** The stitch's JSON log lines on this thread's stdout from this level up; none when absent. */
  logLevel?: LogLevel;
  /** FRAME_KEY_PATTERN (validated by the stack before it starts the threads); MediaConvert's rule when absent. */
  frameKeyPattern?: string;
}

export type ToThread = { type: 'run'; id: number; task: StitchTask } | { type: 'stop' };

export interface TaskReport {
  id: number;
  task: StitchTask;
  thread: number;
  startedAt: number;
  endedAt: number;
  /** The state the task left the video in ("planned", "segment-done", "created"...). */
  result?: string;
  s3: Record<string, number>;
  dynamo: { reads: number; writes: number };
  error?: string;
}

export type FromThread =
  | { type: 'invoke'; task: StitchTask }
  | { type: 'event'; detailType: string; detail: { videoId: string } & Record<string, unknown>; at: number }
  | ({ type: 'done' } & TaskReport);

const now = () => performance.timeOrigin + performance.now();

function start(setup: StitchThreadSetup): void {
  const port = parentPort!;
  const s3 = new S3Client({ region: LOCAL_REGION, endpoint: setup.s3Endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  const s3Calls: Record<string, number> = {};
  s3.middlewareStack.add((next, context) => async (args) => {
    s3Calls[String(context.commandName)] = (s3Calls[String(context.commandName)] ?? 0) + 1;
    return next(args);
  }, { step: 'initialize', name: 'stitchS3Counter' });
  const dynamo = new DynamoDBClient({ region: LOCAL_REGION, endpoint: setup.dynamoEndpoint, credentials: DYNALITE_CREDENTIALS });
  const counter = countRequests(dynamo);
  const post = (message: FromThread) => port.postMessage(message);
  const file = setup.eventsFile === undefined ? undefined : new JsonlEventPublisher(setup.eventsFile);
  const service = new StitchService({
    dynamo, tableName: setup.tableName, s3, bucket: setup.bucket, settings: setup.settings, frameKeys: frameKeyRule(setup.frameKeyPattern),
    invoker: { invoke: async (task) => post({ type: 'invoke', task }) },
    events: {
      publish: async (event) => {
        await file?.publish(event);
        post({ type: 'event', detailType: event.detailType, detail: event.detail as { videoId: string }, at: now() });
      },
    },
    log: setup.logLevel === undefined ? SILENT_LOG : jsonLog(undefined, setup.logLevel, 'frame-processor-stitch'),
  });
  port.on('message', async (message: ToThread) => {
    if (message.type === 'stop') {
      s3.destroy();
      dynamo.destroy();
      port.close();
      return;
    }
    for (const key of Object.keys(s3Calls)) delete s3Calls[key];
    counter.reset();
    const startedAt = now();
    let result: string | undefined;
    let error: string | undefined;
    try {
      result = describeResult(await service.run(message.task));
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    }
    const { reads, writes } = counter.counts();
    post({ type: 'done', id: message.id, task: message.task, thread: threadId, startedAt, endedAt: now(), result, s3: { ...s3Calls }, dynamo: { reads, writes }, error });
  });
}

/** "encoded", "planned: 3 segments", "finished: created". */
function describeResult(result: TaskResult): string {
  if (typeof result === 'string') return result;
  if ('segments' in result) return `${result.state}: ${result.segments} segment${result.segments === 1 ? '' : 's'}`;
  return 'outcome' in result ? `${result.state}: ${result.outcome}` : result.state;
}

if (parentPort) start(workerData as StitchThreadSetup);
