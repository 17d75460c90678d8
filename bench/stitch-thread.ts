// A worker thread of the stitch simulation: one "Lambda instance" running stitch tasks one at a
// time with the real StitchService against the main thread's s3rver and dynalite. Invocations and
// events go back to the main thread, which queues and records them. Each task's wall time and
// the requests it made are reported with its completion (not its CPU time: Node 20 has no
// per-thread CPU clock; bench/stitch-encode.ts measures CPU time on one thread instead).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { performance } from 'node:perf_hooks';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { countRequests } from '../src/tracking/request-counter';
import { StitchService } from '../src/video/stitch/service';
import type { StitchSettings } from '../src/video/stitch/settings';
import type { StitchTask } from '../src/video/stitch/tasks';

export interface ThreadSetup {
  s3Endpoint: string;
  dynamoEndpoint: string;
  tableName: string;
  bucket: string;
  settings: StitchSettings;
}

export type ToThread = { type: 'run'; id: number; task: StitchTask } | { type: 'stop' };

export interface TaskReport {
  id: number;
  task: StitchTask;
  thread: number;
  startedAt: number;
  endedAt: number;
  s3: Record<string, number>;
  dynamo: { reads: number; writes: number };
  error?: string;
}

export type FromThread =
  | { type: 'invoke'; task: StitchTask }
  | { type: 'event'; detailType: string; detail: { videoId: string } & Record<string, unknown>; at: number }
  | ({ type: 'done' } & TaskReport);

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

function start(setup: ThreadSetup): void {
  const port = parentPort!;
  const s3 = new S3Client({ region: 'us-east-1', endpoint: setup.s3Endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  const s3Calls: Record<string, number> = {};
  s3.middlewareStack.add((next, context) => async (args) => {
    s3Calls[String(context.commandName)] = (s3Calls[String(context.commandName)] ?? 0) + 1;
    return next(args);
  }, { step: 'initialize', name: 'benchS3Counter' });
  const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: setup.dynamoEndpoint, credentials: { accessKeyId: 'DYNALITE', secretAccessKey: 'DYNALITE' } });
  const counter = countRequests(dynamo);
  const post = (message: FromThread) => port.postMessage(message);
  const service = new StitchService({
    dynamo, tableName: setup.tableName, s3, bucket: setup.bucket, settings: setup.settings,
    invoker: { invoke: async (task) => post({ type: 'invoke', task }) },
    events: { publish: async (event) => post({ type: 'event', detailType: event.detailType, detail: event.detail as { videoId: string }, at: performance.timeOrigin + performance.now() }) },
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
    const startedAt = performance.timeOrigin + performance.now();
    let error: string | undefined;
    try {
      await service.run(message.task);
    } catch (caught) {
      error = (caught as Error).stack ?? String(caught);
    }
    const { reads, writes } = counter.counts();
    post({
      type: 'done', id: message.id, task: message.task, thread: threadId, startedAt, endedAt: performance.timeOrigin + performance.now(),
      s3: { ...s3Calls }, dynamo: { reads, writes }, error,
    });
  });
}

if (parentPort) start(workerData as ThreadSetup);
