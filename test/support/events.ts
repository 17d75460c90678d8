// S3 event fixtures (test/fixtures/events/*.json): events as S3 writes them, keys form-urlencoded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { FramesFailedError } from '../../src/core/errors';

export function loadEvent(name: string): S3Event {
  return loadFixture(name) as S3Event;
}

/** A fixture as parsed JSON, for events other than S3 notifications (S3 Batch Operations). */
export function loadFixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', name), 'utf8')) as Record<string, any>;
}

/**
 * The S3 Batch Operations invocation of the docs' example for `version` ('1.0' names the bucket by
 * ARN, '2.0' by name) with its one task for `bucket` and each (already URL-encoded) key instead.
 */
export function batchEventFor(version: '1.0' | '2.0', bucket: string, ...encodedKeys: string[]): Record<string, any> {
  const event = loadFixture(`batch-invocation-${version}.json`);
  const [template] = event.tasks as Array<Record<string, unknown>>;
  const where = version === '1.0' ? { s3BucketArn: `arn:aws:s3:::${bucket}` } : { s3Bucket: bucket };
  event.tasks = encodedKeys.map((s3Key, i) => ({ ...template, taskId: `${template.taskId}-${i}`, s3Key, ...where }));
  return event;
}

/** A record like the fixture's single one, for another bucket and (already encoded) key. */
export function recordFor(bucket: string, encodedKey: string, size?: number): S3EventRecord {
  const [template] = loadEvent('put-one-frame.json').Records;
  const object = { ...template.s3.object, key: encodedKey, size: size ?? template.s3.object.size };
  return { ...template, s3: { ...template.s3, bucket: { ...template.s3.bucket, name: bucket, arn: `arn:aws:s3:::${bucket}` }, object } };
}

/** Runs an invocation that must fail; returns its FramesFailedError. */
export async function failure(promise: Promise<unknown>): Promise<FramesFailedError> {
  const error = await promise.then(
    () => assert.fail('the invocation should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof FramesFailedError, `expected FramesFailedError, got ${String(error)}`);
  return error;
}
