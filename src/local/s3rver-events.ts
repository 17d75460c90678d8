// Event translation: what s3rver emits when an object is created, turned into the event S3 itself
// would deliver to the function.
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { encodeEventKey } from '../lambda/s3-event';
import { LOCAL_REGION } from './buckets';

/** What s3rver 3.7.1 emits: an S3-like record with the key NOT encoded and a few fields off. */
export interface S3rverRecord {
  eventName: string;
  eventTime: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: Record<string, string>;
  s3: { bucket: { name: string; ownerIdentity: { principalId: string } }; object: { key: string; size?: number; eTag?: string; sequencer: string } };
}

/**
 * The one place where s3rver's record becomes what S3 sends: one record per event, the key
 * form-urlencoded (space as '+'), the bucket ARN well formed, the current event version.
 */
export function asS3Event(record: S3rverRecord): S3Event {
  const { bucket, object } = record.s3;
  const s3Record = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: LOCAL_REGION,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: record.userIdentity,
    requestParameters: record.requestParameters,
    responseElements: record.responseElements,
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'local-stack',
      bucket: { name: bucket.name, ownerIdentity: bucket.ownerIdentity, arn: `arn:aws:s3:::${bucket.name}` },
      object: {
        key: encodeEventKey(object.key),
        size: object.size ?? 0,
        ...(object.eTag ? { eTag: object.eTag } : {}),
        sequencer: object.sequencer,
      },
    },
  } as S3EventRecord;
  return { Records: [s3Record] };
}
