// The Tracker of a function, built once per container from its validated settings: the DynamoDB
// client (bounded retries and timeouts, like the S3 client: a failure fails the invocation, which
// Lambda retries), the completion record's writer (the output bucket) and the event publisher
// (EventBridge's default bus, or the local stack's JSON-lines file).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectLister } from '../tracking/capture-listing';
import type { TrackingLog } from '../tracking/context';
import { EventBridgePublisher, JsonlEventPublisher, type EventPublisher } from '../tracking/events';
import { S3ObjectWriter } from '../tracking/s3-objects';
import { Tracker } from '../tracking/tracker';
import type { TrackingConfig } from './tracking-config';

/** Three attempts, 3 s to connect, 5 s of silence at most: about 16 s for one request at worst. */
export const DYNAMODB_CLIENT_LIMITS = { maxAttempts: 3, connectionTimeoutMs: 3_000, socketTimeoutMs: 5_000 } as const;

export interface TrackerSetup {
  /** Where `<videoId>/video.json` goes; absent: this function never publishes (the sweeper does). */
  publishTo?: { s3: S3Client; outputBucket: string };
  log: TrackingLog;
  /** A client of the caller's (tests, the local stack); one with the limits above otherwise. */
  client?: DynamoDBClient;
  /** Lists the input bucket (the sweeper goes on with paused MediaConvert listings). */
  lister?: ObjectLister;
}

export function createTracker(config: TrackingConfig, setup: TrackerSetup): Tracker {
  const client = setup.client ?? createDynamoClient();
  const publishing = setup.publishTo && {
    objects: new S3ObjectWriter(setup.publishTo.s3, setup.publishTo.outputBucket),
    events: createEventPublisher(config),
  };
  // With the edge video deployed, publishing hands the video on to the stitch planner's outbox
  // state (docs/edge-video.md): a lost "Video Frames Processed" event is then re-driven.
  return new Tracker({ client, tableName: config.tableName, log: setup.log, outboxAfterPublish: config.outboxAfterPublish, frameKeys: config.frameKeys, lister: setup.lister, ...publishing });
}

/** EventBridge's default bus, or the local stack's JSON-lines file (TRACKING_EVENTS_FILE). */
export function createEventPublisher(config: TrackingConfig): EventPublisher {
  return config.eventsFile ? new JsonlEventPublisher(config.eventsFile) : new EventBridgePublisher(new EventBridgeClient({}));
}

export function createDynamoClient(): DynamoDBClient {
  const { maxAttempts, connectionTimeoutMs, socketTimeoutMs } = DYNAMODB_CLIENT_LIMITS;
  return new DynamoDBClient({ maxAttempts, requestHandler: { connectionTimeout: connectionTimeoutMs, socketTimeout: socketTimeoutMs } });
}
