// S3 event fixtures (test/fixtures/events/*.json): events as S3 writes them, keys form-urlencoded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { FramesFailedError } from '../../src/core/errors';

export function loadEvent(name: string): S3Event {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'events', name), 'utf8')) as S3Event;
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
