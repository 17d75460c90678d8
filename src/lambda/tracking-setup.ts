// The Tracker of a publishing function, built once per container from its validated settings: the
// DynamoDB part (tracking-client.ts), the completion record's writer (the output bucket) and the
// event publisher (EventBridge's default bus, or the local stack's JSON-lines file).
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectLister } from '../tracking/capture-listing';
import type { TrackingLog } from '../tracking/context';
import { EventBridgePublisher, JsonlEventPublisher, type EventPublisher } from '../tracking/events';
import { S3ObjectWriter } from '../tracking/s3-objects';
import type { Tracker } from '../tracking/tracker';
import { trackerOf } from './tracking-client';
import type { TrackingConfig } from './tracking-config';

export { createDynamoClient, DYNAMODB_CLIENT_LIMITS } from './tracking-client';

export interface TrackerSetup {
  /** Where `<videoId>/video.json` goes; absent: this function never publishes (the sweeper does). */
  publishTo?: { s3: S3Client; outputBucket: string };
  log: TrackingLog;
  /** A client of the caller's (tests, the local stack); one with the DynamoDB limits otherwise. */
  client?: DynamoDBClient;
  /** Lists the input bucket (the sweeper goes on with paused MediaConvert listings). */
  lister?: ObjectLister;
}

export function createTracker(config: TrackingConfig, setup: TrackerSetup): Tracker {
  const publishing = setup.publishTo && {
    objects: new S3ObjectWriter(setup.publishTo.s3, setup.publishTo.outputBucket),
    events: createEventPublisher(config),
  };
  return trackerOf(config, { log: setup.log, client: setup.client, lister: setup.lister, publishing });
}

/**
 * EventBridge's default bus, or the local stack's JSON-lines file (TRACKING_EVENTS_FILE). With
 * STACK_NAME every event names its stack (detail.stack): the default bus is shared by every stage
 * of the account, and each stage's rules match only its own (deploy/stitch-on.yml).
 */
export function createEventPublisher(config: TrackingConfig): EventPublisher {
  const publisher = config.eventsFile ? new JsonlEventPublisher(config.eventsFile) : new EventBridgePublisher(new EventBridgeClient({}));
  return config.stackName === undefined ? publisher : namingStack(publisher, config.stackName);
}

function namingStack(publisher: EventPublisher, stack: string): EventPublisher {
  return { publish: (event) => publisher.publish({ ...event, detail: { ...event.detail, stack } }) };
}
