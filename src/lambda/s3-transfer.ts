// The S3 requests of one frame: GetObject with its body streamed into WebAssembly memory as it
// arrives, and PutObject of the edge map with its metadata. Every failure becomes an
// S3TransferError naming the key and the S3 error.
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { FrameError, LimitExceededError, S3TransferError } from '../core/errors';
import { FrameInput } from '../core/frame-input';
import type { FrameResult } from '../core/pipeline';
import { outputMetadata, unquoteETag, type FrameSource } from './output-metadata';
import type { ObjectRef } from './s3-event';

/** GetObject into a fresh FrameInput; refuses a Content-Length over `maxInputBytes` before reading the body. */
export async function download(s3: S3Client, object: ObjectRef, maxInputBytes: number, deadline?: AbortSignal): Promise<{ frame: FrameInput; eTag: string }> {
  const response = await send(object.key, 'GetObject', deadline, () => s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }), { abortSignal: deadline }));
  const body = response.Body as (Readable & AsyncIterable<Uint8Array>) | undefined;
  const length = response.ContentLength;
  if (!body || length === undefined) {
    body?.destroy();
    throw new S3TransferError('GetObject returned no body or no Content-Length', object.key);
  }
  if (length > maxInputBytes) {
    body.destroy(); // refused before reading the body
    throw tooLarge(object, length, maxInputBytes);
  }
  const frame = FrameInput.allocate(length);
  await streamInto(frame, body, object, deadline);
  return { frame, eTag: unquoteETag(response.ETag ?? '') };
}

/**
 * Copies each chunk of the body into its place in WebAssembly memory, as it arrives. A body
 * that errors, ends short or outlives the deadline fails the frame (the SDK does not retry a
 * body once its response has begun; Lambda's retry of the invocation does).
 */
async function streamInto(frame: FrameInput, body: Readable & AsyncIterable<Uint8Array>, object: ObjectRef, deadline?: AbortSignal): Promise<void> {
  const abandon = () => body.destroy();
  deadline?.addEventListener('abort', abandon, { once: true });
  try {
    for await (const chunk of body) {
      if (frame.received + chunk.length > frame.length) throw new S3TransferError(`the body is longer than its Content-Length of ${frame.length} bytes`, object.key);
      frame.write(chunk);
    }
  } catch (error) {
    body.destroy();
    if (error instanceof FrameError) throw error;
    const why = deadline?.aborted ? `abandoned: ${reasonOf(deadline)}` : `failed: ${describeS3Error(error)}`;
    throw new S3TransferError(`download ${why} (after ${frame.received} of ${frame.length} bytes)`, object.key);
  } finally {
    deadline?.removeEventListener('abort', abandon);
  }
  if (deadline?.aborted) throw new S3TransferError(`download abandoned: ${reasonOf(deadline)} (after ${frame.received} of ${frame.length} bytes)`, object.key);
  if (frame.received !== frame.length) {
    throw new S3TransferError(`download ended after ${frame.received} of ${frame.length} bytes`, object.key);
  }
}

export interface Output {
  source: FrameSource;
  eTag: string;
  bucket: string;
  key: string;
  result: FrameResult;
  /** Object tags in URL-query form (the Lambda function's edge maps: EDGE_MAP_TAG); none when absent. */
  tagging?: string;
}

/**
 * The tag of every edge map the function writes: the output bucket's expiry rule
 * (outputExpirationDays, serverless.yml) deletes objects with it and nothing else.
 */
export const EDGE_MAP_TAG = { key: 'frame-processor', value: 'edge-map' } as const;

/**
 * PutObject of the edge map, with the source's bucket, key and ETag and the frame's sizes as
 * metadata (output-metadata.ts), and `tagging` (URL-query form, "key=value") when given.
 */
export async function upload(s3: S3Client, { source, eTag, bucket, key, result, tagging }: Output, deadline?: AbortSignal): Promise<void> {
  const metadata = outputMetadata(source, eTag, result);
  const command = new PutObjectCommand({ Bucket: bucket, Key: key, Body: result.bytes, ContentLength: result.bytes.length, ContentType: result.contentType, Metadata: metadata, Tagging: tagging });
  await send(nameOf(source), `PutObject to ${bucket}`, deadline, () => s3.send(command, { abortSignal: deadline }));
}

/** The key or path errors name. */
function nameOf(source: FrameSource): string {
  return 'file' in source ? source.file : source.key;
}

/** One S3 call; its failure becomes an S3TransferError naming `name` (the frame), the S3 error code and the attempts made. */
export async function send<T>(name: string, operation: string, deadline: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (deadline?.aborted) throw new S3TransferError(`${operation} abandoned: ${reasonOf(deadline)}`, name);
    throw new S3TransferError(`${operation} failed: ${describeS3Error(error)}`, name, (error as { name?: string }).name);
  }
}

export function tooLarge(object: ObjectRef, size: number, limit: number): LimitExceededError {
  return new LimitExceededError(`object is ${size} bytes, over the MAX_INPUT_BYTES limit of ${limit} bytes`, object.key);
}

/** "<name or code> HTTP <status> (<message>), after N attempts": what went wrong, in one line. */
export function describeS3Error(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { $metadata, code } = error as { $metadata?: { httpStatusCode?: number; attempts?: number }; code?: string };
  // Network errors are called "Error" or, by the SDK, "TimeoutError"; their code (ECONNREFUSED, ECONNRESET...) says more.
  const name = !code || code === error.name ? error.name : error.name === 'Error' ? code : `${error.name} ${code}`;
  const status = $metadata?.httpStatusCode ? ` HTTP ${$metadata.httpStatusCode}` : '';
  const detail = error.message && error.message !== name ? ` (${error.message})` : '';
  const attempts = $metadata?.attempts && $metadata.attempts > 1 ? `, after ${$metadata.attempts} attempts` : '';
  return `${name}${status}${detail}${attempts}`;
}

function reasonOf(deadline: AbortSignal): string {
  return deadline.reason instanceof Error ? deadline.reason.message : String(deadline.reason);
}
