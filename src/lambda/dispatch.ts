// One function, three kinds of event: S3 notifications (Records, or S3's one-off s3:TestEvent) and
// S3's events delivered by EventBridge (trigger=eventbridge) go to the S3 event handler, S3 Batch
// Operations invocations to the batch handler, and anything else fails at once with an error
// saying what arrived, instead of succeeding without work.
import type { Context, S3Event } from 'aws-lambda';
import { UnrecognisedEventError } from '../core/errors';
import { isBatchEvent, type BatchResponse } from './batch-event';
import { createBatchHandler } from './batch-invocation';
import { isS3EventBridgeEvent } from './eventbridge-event';
import { createFrameHandler, type HandlerDeps, type InvocationSummary } from './invocation';
import { describe, isObject } from './s3-event';

export interface LambdaHandler {
  (event: S3Event, context?: Context): Promise<InvocationSummary>;
  (event: unknown, context?: Context): Promise<InvocationSummary | BatchResponse>;
}

export type EventKind = 's3' | 'batch';

/** Which handler an event is for; throws UnrecognisedEventError for one that is neither. */
export function eventKind(event: unknown): EventKind {
  if (isObject(event) && ('Records' in event || event.Event === 's3:TestEvent')) return 's3';
  if (isS3EventBridgeEvent(event)) return 's3';
  if (isBatchEvent(event)) return 'batch';
  const what = isObject(event) ? `an object with ${Object.keys(event).length === 0 ? 'no fields' : `the fields ${Object.keys(event).slice(0, 8).join(', ')}`}` : describe(event);
  throw new UnrecognisedEventError(
    `the event is neither an S3 notification (Records, or s3:TestEvent), an S3 event from EventBridge (source aws.s3) nor an S3 Batch Operations invocation (invocationSchemaVersion, tasks): it is ${what}`,
  );
}

export function createHandler(deps: HandlerDeps): LambdaHandler {
  const onS3Event = createFrameHandler(deps);
  const onBatch = createBatchHandler(deps);
  const handler = async (event: unknown, context?: Context) => (eventKind(event) === 'batch' ? onBatch(event, context) : onS3Event(event as S3Event, context));
  return handler as LambdaHandler;
}
