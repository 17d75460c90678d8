// The part of a function's Tracker that every tracking function has: the DynamoDB client (bounded
// retries and timeouts, like the S3 client: a failure fails the invocation, which Lambda retries)
// and the Tracker over it. Nothing here imports S3 or EventBridge: a function that never publishes
// (the failed-frame recorder) loads neither client at its cold start. Publishing functions add
// the writer and the publisher (tracking-setup.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ObjectLister } from '../tracking/capture-listing';
import type { TrackingLog } from '../tracking/context';
import type { EventPublisher } from '../tracking/events';
import type { ObjectWriter } from '../tracking/s3-objects';
import { Tracker } from '../tracking/tracker';
import type { TrackingConfig } from './tracking-config';

/** Three attempts, 3 s to connect, 5 s of silence at most: about 16 s for one request at worst. */
export const DYNAMODB_CLIENT_LIMITS = { maxAttempts: 3, connectionTimeoutMs: 3_000, socketTimeoutMs: 5_000 } as const;

/** What a publishing Tracker writes with: `<videoId>/video.json`, and the "Video Frames Processed" event. */
export interface Publishing {
  objects: ObjectWriter;
  events: EventPublisher;
}

export interface TrackerParts {
  log: TrackingLog;
  /** A client of the caller's (tests, the local stack); one with the limits above otherwise. */
  client?: DynamoDBClient;
  /** Absent: this function never publishes (the sweeper publishes what it completes). */
  publishing?: Publishing;
  /** Lists the input bucket (the sweeper goes on with paused MediaConvert listings). */
  lister?: ObjectLister;
}

export function trackerOf(config: TrackingConfig, parts: TrackerParts): Tracker {
  // With the edge video deployed, publishing hands the video on to the stitch planner's outbox
  // state (docs/edge-video.md): a lost "Video Frames Processed" event is then re-driven.
  const { client = createDynamoClient(), log, publishing, lister } = parts;
  const { tableName, outboxAfterPublish, blurMethod, frameKeys } = config;
  return new Tracker({ client, tableName, log, outboxAfterPublish, blurMethod, frameKeys, lister, ...publishing });
}

export function createDynamoClient(): DynamoDBClient {
  const { maxAttempts, connectionTimeoutMs, socketTimeoutMs } = DYNAMODB_CLIENT_LIMITS;
  return new DynamoDBClient({ maxAttempts, requestHandler: { connectionTimeout: connectionTimeoutMs, socketTimeout: socketTimeoutMs } });
}
