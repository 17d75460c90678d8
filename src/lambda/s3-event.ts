// S3 event notifications: which records are frames, and their keys decoded exactly once.
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
// ("The object key name value is URL encoded": application/x-www-form-urlencoded, space as '+').
import { isJpegName } from '../core/frame-names';
import { isS3EventBridgeEvent, recordOfEventBridge } from './eventbridge-event';

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

/**
 * The records of an event (none for S3's s3:TestEvent or anything else without Records; one for an
 * S3 event delivered by EventBridge); `problem` when Records is not a list.
 */
export function eventRecords(event: unknown): { records: unknown[]; problem?: string } {
  if (isS3EventBridgeEvent(event)) return { records: [recordOfEventBridge(event)] };
  const records = isObject(event) ? event.Records : undefined;
  if (records === undefined) return { records: [] };
  return Array.isArray(records) ? { records } : { records: [], problem: `the event's Records is ${describe(records)}, not a list` };
}

/**
 * Decides what to do with one record, without any I/O. Records come from outside: every field is
 * checked, so a malformed one becomes an 'invalid' plan saying what is wrong, never a TypeError.
 */
export function planRecord(record: unknown): RecordPlan {
  if (!isObject(record)) return { kind: 'invalid', bucket: '', rawKey: '', reason: `the record is ${describe(record)}, not an object` };
  const s3 = isObject(record.s3) ? record.s3 : {};
  const bucket = isObject(s3.bucket) && typeof s3.bucket.name === 'string' ? s3.bucket.name : '';
  const object = isObject(s3.object) ? s3.object : {};
  const rawKey = typeof object.key === 'string' ? object.key : '';
  const invalid = (reason: string): RecordPlan => ({ kind: 'invalid', bucket, rawKey, reason });
  if (typeof record.eventName !== 'string') return invalid(`the record's eventName is ${describe(record.eventName)}, not a string`);
  const ref = objectRef(bucket, isObject(s3.bucket) ? s3.bucket.name : undefined, object);
  if (!record.eventName.startsWith('ObjectCreated:')) {
    return { kind: 'skip', object: typeof ref === 'string' ? undefined : ref, reason: `event ${record.eventName} is not an ObjectCreated event` };
  }
  if (typeof ref === 'string') return invalid(ref);
  if (!isJpegName(ref.key)) return { kind: 'skip', object: ref, reason: 'not a .jpg/.jpeg key' };
  return { kind: 'frame', object: ref };
}

/** The object a record names, or what is wrong with its bucket name, key or size. */
function objectRef(bucket: string, rawBucket: unknown, object: Record<string, unknown>): ObjectRef | string {
  const { key: rawKey, size } = object;
  if (bucket === '') return `the record's s3.bucket.name is ${describe(rawBucket)}, not a bucket name`;
  if (typeof rawKey !== 'string' || rawKey === '') return `the record's s3.object.key is ${describe(rawKey)}, not a key`;
  if (size !== undefined && !(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)) return `the record's s3.object.size is ${describe(size)}, not a number of bytes`;
  try {
    return { bucket, key: decodeEventKey(rawKey), size };
  } catch {
    return `the event's key "${rawKey}" is not valid URL encoding`;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a bad value for a reason: missing, "", 12, an object... */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
