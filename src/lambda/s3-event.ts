// S3 event notifications: which records are frames, and their keys decoded exactly once.
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
// ("The object key name value is URL encoded": application/x-www-form-urlencoded, space as '+').
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { isJpegName } from '../core/frame-names';

export interface ObjectRef {
  bucket: string;
  /** The decoded key, exactly as stored: never trimmed, normalised or collapsed. */
  key: string;
  /** Size announced by the event (absent on some event kinds); GetObject's ContentLength is authoritative. */
  size?: number;
}

export type RecordPlan =
  | { kind: 'frame'; object: ObjectRef }
  | { kind: 'skip'; object?: ObjectRef; reason: string }
  | { kind: 'invalid'; rawKey: string; bucket: string; reason: string };

/** Decodes an event key: '+' to space, then percent-decoding of UTF-8 (so '%2B' is a literal '+'). */
export function decodeEventKey(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}

/**
 * Encodes a key the way S3 writes it into events: UTF-8 percent-encoding, space as '+', and
 * letters, digits, '/', '-', '_', '.', '*' left as they are. decodeEventKey inverts it exactly.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The records of an event (none for S3's s3:TestEvent or anything else without Records). */
export function eventRecords(event: Partial<S3Event> | undefined): S3EventRecord[] {
  return Array.isArray(event?.Records) ? event.Records : [];
}

/** Decides what to do with one record, without any I/O. */
export function planRecord(record: S3EventRecord): RecordPlan {
  const bucket = record.s3?.bucket?.name ?? '';
  const rawKey = record.s3?.object?.key ?? '';
  let key: string;
  try {
    key = decodeEventKey(rawKey);
  } catch {
    return { kind: 'invalid', bucket, rawKey, reason: `the event's key "${rawKey}" is not valid URL encoding` };
  }
  const object: ObjectRef = { bucket, key, size: record.s3.object.size };
  if (!record.eventName?.startsWith('ObjectCreated:')) return { kind: 'skip', object, reason: `event ${record.eventName} is not an ObjectCreated event` };
  if (!isJpegName(key)) return { kind: 'skip', object, reason: 'not a .jpg/.jpeg key' };
  return { kind: 'frame', object };
}
