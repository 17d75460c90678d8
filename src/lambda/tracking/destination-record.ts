// The frames of a Lambda on-failure destination record: what Lambda sends once an asynchronous
// invocation of the frame function has failed every retry (or grew too old to run), here as the
// message of an SNS notification.
// see: AWS Lambda Developer Guide, "Capturing records of Lambda asynchronous invocations":
// { version, timestamp, requestContext: { requestId, functionArn, condition: "RetriesExhausted" |
// "EventAgeExceeded", approximateInvokeCount }, requestPayload: <the event>, responseContext,
// responsePayload: { errorType, errorMessage, trace } }.
// The event is an S3 event (Records[].s3, keys form-urlencoded) or an S3 Batch Operations event
// (tasks[].s3Key, URL-encoded, with s3Bucket (schema 2.0) or s3BucketArn (1.0)). Every frame it
// names is failed: a frame of the same event that had succeeded stays processed (processed wins).
import { isJpegName } from '../../core/frame-names';
import { decodeEventKey, eventRecords, planRecord } from '../s3-event';

export interface FailedFrame {
  bucket: string;
  key: string;
  reason: string;
}

export interface DestinationFrames {
  frames: FailedFrame[];
  /** What could not be read, one line each (logged; nothing to retry). */
  problems: string[];
}

/** The failed frames of an SNS event whose messages are destination records, or of one record given directly. */
export function failedFramesOf(event: unknown): DestinationFrames {
  const out: DestinationFrames = { frames: [], problems: [] };
  const records = isObject(event) && Array.isArray(event.Records) ? event.Records : [{ Sns: { Message: JSON.stringify(event) } }];
  for (const [i, record] of records.entries()) {
    const message = isObject(record) && isObject(record.Sns) ? record.Sns.Message : undefined;
    if (typeof message !== 'string') {
      out.problems.push(`record ${i + 1}: not an SNS notification (no Sns.Message)`);
      continue;
    }
    let destination: unknown;
    try {
      destination = JSON.parse(message);
    } catch {
      out.problems.push(`record ${i + 1}: the message is not JSON`);
      continue;
    }
    readDestination(destination, `record ${i + 1}`, out);
  }
  return out;
}

function readDestination(destination: unknown, name: string, out: DestinationFrames): void {
  if (!isObject(destination) || !isObject(destination.requestContext)) {
    out.problems.push(`${name}: not a Lambda destination record (no requestContext)`);
    return;
  }
  const reasons = reasonsOf(destination);
  const payload = destination.requestPayload;
  const objects = isObject(payload) && Array.isArray(payload.tasks) ? batchObjects(payload.tasks) : s3Objects(payload);
  if (objects.length === 0) out.problems.push(`${name}: its requestPayload names no .jpg/.jpeg object`);
  for (const object of objects) out.frames.push({ ...object, reason: reasons.get(`${object.bucket}/${object.key}`) ?? reasons.get('') ?? 'failed' });
}

function s3Objects(payload: unknown): Array<{ bucket: string; key: string }> {
  return eventRecords(payload).records.flatMap((record) => {
    const plan = planRecord(record);
    return plan.kind === 'frame' ? [{ bucket: plan.object.bucket, key: plan.object.key }] : [];
  });
}

function batchObjects(tasks: unknown[]): Array<{ bucket: string; key: string }> {
  return tasks.flatMap((task) => {
    if (!isObject(task) || typeof task.s3Key !== 'string') return [];
    const bucket = typeof task.s3Bucket === 'string' ? task.s3Bucket : typeof task.s3BucketArn === 'string' ? task.s3BucketArn.replace(/^arn:[^:]*:s3:::/, '') : '';
    let key: string;
    try {
      key = decodeEventKey(task.s3Key);
    } catch {
      return [];
    }
    return bucket !== '' && isJpegName(key) ? [{ bucket, key }] : [];
  });
}

/**
 * Each frame's reason from the frame function's FramesFailedError ('  "bucket/key": reason' lines),
 * and under '' the reason for the others: the error's first line, or why the event never ran.
 */
function reasonsOf(destination: Record<string, unknown>): Map<string, string> {
  const context = destination.requestContext as Record<string, unknown>;
  const attempts = typeof context.approximateInvokeCount === 'number' ? ` (invocations: ${context.approximateInvokeCount})` : '';
  const response = isObject(destination.responsePayload) ? destination.responsePayload : {};
  const message = typeof response.errorMessage === 'string' ? response.errorMessage : '';
  const reasons = new Map<string, string>();
  for (const line of message.split('\n')) {
    const perKey = /^ {2}("(?:[^"\\]|\\.)*"): (.*)$/.exec(line);
    if (perKey) reasons.set(JSON.parse(perKey[1]) as string, `${perKey[2]}${attempts}`);
  }
  const errorType = typeof response.errorType === 'string' ? `${response.errorType}: ` : '';
  const general = context.condition === 'EventAgeExceeded' ? 'never processed: the event outlived the maximum event age' : message ? `${errorType}${message.split('\n')[0]}` : `failed (${String(context.condition)})`;
  reasons.set('', `${general}${attempts}`);
  return reasons;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
