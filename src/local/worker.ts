// One local "container": a worker thread that loads the real Lambda handler (which reads its
// environment once, as at a cold start) and runs one invocation at a time.
import { randomUUID } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { Context, S3Event } from 'aws-lambda';
import { handler } from '../lambda/handler';

export interface InvokeRequest {
  id: number;
  event: S3Event;
  timeoutMs: number;
}

export type InvokeResponse = { id: number; ok: true; outputKeys: string[] } | { id: number; ok: false; message: string };

parentPort!.on('message', async ({ id, event, timeoutMs }: InvokeRequest) => {
  try {
    const summary = await handler(event, lambdaContext(timeoutMs));
    reply({ id, ok: true, outputKeys: summary.processed.map((frame) => frame.outputKey) });
  } catch (error) {
    reply({ id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

parentPort!.postMessage('ready');

function reply(response: InvokeResponse): void {
  parentPort!.postMessage(response);
}

/** The parts of Lambda's context object the handler and Powertools read. */
function lambdaContext(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'frame-processor-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:frame-processor-local',
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/frame-processor-local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
