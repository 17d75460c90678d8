// S3 Batch Operations' "Invoke AWS Lambda function" events and the answers it expects, without I/O.
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/batch-ops-invoke-lambda.html
// (request: invocationSchemaVersion, invocationId, job {id, userArguments in 2.0}, tasks [{taskId,
// s3Key, s3VersionId, s3BucketArn (1.0) | s3Bucket (2.0)}]; response: invocationSchemaVersion,
// treatMissingKeysAs, invocationId, results [{taskId, resultCode, resultString}]; "keys from S3
// Batch Operations are URL encoded": decoded here as S3 event keys are, '+' as a space).
import { UnrecognisedEventError } from '../core/errors';
import { isJpegName } from '../core/frame-names';
import { decodeEventKey, describe, isObject, type ObjectRef } from './s3-event';

export const BATCH_SCHEMA_VERSIONS = ['1.0', '2.0'] as const;

export type BatchResultCode = 'Succeeded' | 'TemporaryFailure' | 'PermanentFailure';

export interface BatchTaskResult {
  taskId: string;
  resultCode: BatchResultCode;
  resultString: string;
}

export interface BatchResponse {
  invocationSchemaVersion: string;
  treatMissingKeysAs: BatchResultCode;
  invocationId: string;
  results: BatchTaskResult[];
}

/** What the function can answer: the invocation's identity and its tasks, not yet checked one by one. */
export interface BatchInvocation {
  schemaVersion: string;
  invocationId: string;
  tasks: unknown[];
}

export type TaskPlan =
  | { kind: 'frame'; taskId: string; object: ObjectRef }
  | { kind: 'skip'; taskId: string; object: ObjectRef; reason: string }
  /** `taskId` is undefined when the task has none: it cannot be answered, only logged. */
  | { kind: 'invalid'; taskId: string | undefined; object: ObjectRef; reason: string };

/** True for an event that says it is from S3 Batch Operations (it has an invocationSchemaVersion). */
export function isBatchEvent(event: unknown): boolean {
  return isObject(event) && 'invocationSchemaVersion' in event;
}

/** The invocation's identity and tasks; an event without them cannot be answered at all (UnrecognisedEventError). */
export function batchInvocation(event: unknown): BatchInvocation {
  const fields = isObject(event) ? event : {};
  const { invocationSchemaVersion, invocationId, tasks } = fields;
  const missing = [
    typeof invocationSchemaVersion === 'string' ? undefined : `invocationSchemaVersion is ${describe(invocationSchemaVersion)}`,
    typeof invocationId === 'string' && invocationId !== '' ? undefined : `invocationId is ${describe(invocationId)}`,
    Array.isArray(tasks) ? undefined : `tasks is ${describe(tasks)}, not a list`,
  ].filter((problem) => problem !== undefined);
  if (missing.length > 0) throw new UnrecognisedEventError(`an S3 Batch Operations event the function cannot answer: ${missing.join('; ')}`);
  return { schemaVersion: invocationSchemaVersion as string, invocationId: invocationId as string, tasks: tasks as unknown[] };
}

/**
 * What to do with one task. Its version (s3VersionId) is not read: the edge map follows the
 * object's current version, as for S3 events, so a manifest made earlier never puts an older
 * frame's edge map over a newer one's.
 */
export function planTask(task: unknown, schemaVersion: string): TaskPlan {
  const fields = isObject(task) ? task : {};
  const taskId = typeof fields.taskId === 'string' && fields.taskId !== '' ? fields.taskId : undefined;
  const rawKey = typeof fields.s3Key === 'string' ? fields.s3Key : '';
  const bucket = bucketOf(fields, schemaVersion);
  const invalid = (reason: string): TaskPlan => ({ kind: 'invalid', taskId, object: { bucket: typeof bucket === 'string' ? '' : bucket.name, key: rawKey }, reason });
  if (!isObject(task)) return invalid(`the task is ${describe(task)}, not an object`);
  if (taskId === undefined) return invalid(`the task's taskId is ${describe(fields.taskId)}: it cannot be answered`);
  if (!(BATCH_SCHEMA_VERSIONS as readonly string[]).includes(schemaVersion)) {
    return invalid(`invocationSchemaVersion ${JSON.stringify(schemaVersion)} is not one this function reads (${BATCH_SCHEMA_VERSIONS.join(', ')})`);
  }
  if (typeof bucket === 'string') return invalid(bucket);
  if (rawKey === '') return invalid(`the task's s3Key is ${describe(fields.s3Key)}, not a key`);
  let key: string;
  try {
    key = decodeEventKey(rawKey);
  } catch {
    return invalid(`the task's key "${rawKey}" is not valid URL encoding`);
  }
  const object = { bucket: bucket.name, key };
  if (!isJpegName(key)) return { kind: 'skip', taskId, object, reason: 'not a .jpg/.jpeg key' };
  return { kind: 'frame', taskId, object };
}

/** The answer to an invocation: one result per task answered, in the order of the tasks. */
export function batchResponse(invocation: BatchInvocation, results: BatchTaskResult[]): BatchResponse {
  // Every task with a taskId is answered; one without cannot be named, so S3 counts it failed.
  return { invocationSchemaVersion: invocation.schemaVersion, treatMissingKeysAs: 'PermanentFailure', invocationId: invocation.invocationId, results };
}

/** 1.0 names the bucket by ARN (arn:<partition>:s3:::<bucket>), 2.0 by name; a string says what is wrong. */
function bucketOf(task: Record<string, unknown>, schemaVersion: string): { name: string } | string {
  if (schemaVersion === '2.0') {
    const name = task.s3Bucket;
    return typeof name === 'string' && name !== '' ? { name } : `the task's s3Bucket is ${describe(name)}, not a bucket name`;
  }
  const arn = task.s3BucketArn;
  const match = typeof arn === 'string' ? /^arn:[^:]+:s3:[^:]*:[^:]*:([^:/]+)$/.exec(arn) : null;
  return match ? { name: match[1] } : `the task's s3BucketArn is ${describe(arn)}, not a bucket ARN`;
}
