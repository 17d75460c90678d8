// S3's "Object Created" events as EventBridge delivers them (`--param trigger=eventbridge`), read as
// the one S3 notification record they stand for, so every handler that reads S3 notifications
// (the frame function, the manifest function) takes them unchanged. The key is URL-encoded as in
// S3 notifications (Powertools for AWS Lambda decodes both the same way); planRecord decodes it.
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
import { isObject } from './s3-event';

export const OBJECT_CREATED = 'Object Created';

/** S3 notification event names by the `reason` of an EventBridge "Object Created" event. */
const EVENT_NAMES: Record<string, string> = {
  PutObject: 'ObjectCreated:Put',
  'POST Object': 'ObjectCreated:Post',
  CopyObject: 'ObjectCreated:Copy',
  CompleteMultipartUpload: 'ObjectCreated:CompleteMultipartUpload',
};

/** True for an event EventBridge delivers from S3 (source aws.s3, with a detail-type). */
export function isS3EventBridgeEvent(event: unknown): event is Record<string, unknown> {
  return isObject(event) && event.source === 'aws.s3' && typeof event['detail-type'] === 'string';
}

/**
 * The S3 notification record an EventBridge event from S3 stands for. Fields are passed on as they
 * are, so a malformed detail is refused by planRecord with the same reasons as a malformed record;
 * an event of another type becomes a record planRecord skips ("not an ObjectCreated event").
 */
export function recordOfEventBridge(event: Record<string, unknown>): unknown {
  const detail = isObject(event.detail) ? event.detail : {};
  const object = isObject(detail.object) ? detail.object : {};
  const type = event['detail-type'];
  const reason = typeof detail.reason === 'string' ? detail.reason : '';
  const eventName = type === OBJECT_CREATED ? (EVENT_NAMES[reason] ?? `ObjectCreated:${reason || 'Unknown'}`) : `EventBridge:${String(type)}`;
  return { eventSource: 'aws:s3', eventName, s3: { bucket: detail.bucket, object: { key: object.key, size: object.size } } };
}
