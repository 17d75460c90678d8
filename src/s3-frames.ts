// One frame from S3 to S3: GetObject streamed straight into WebAssembly memory, the pipeline,
// then one PutObject of the whole edge map (so an output exists whole or not at all).
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { HandlerConfig } from './config';
import { FrameError, LimitExceededError } from './errors';
import { FrameInput } from './frame-input';
import { processFrame, type FrameResult } from './pipeline';
import { outputKeyFor, type ObjectRef } from './s3-event';

/** A GetObject or PutObject that failed, or a download that ended short. */
export class S3TransferError extends FrameError {
  override name = 'S3TransferError';
}

/** The output would land in the bucket the event came from and trigger the function again. */
export class RecursionGuardError extends FrameError {
  override name = 'RecursionGuardError';
}

export interface ProcessedFrame {
  source: ObjectRef;
  outputBucket: string;
  outputKey: string;
  /** The input's size in bytes (GetObject's ContentLength). */
  inputBytes: number;
  result: FrameResult;
  downloadMs: number;
  uploadMs: number;
}

/**
 * One client per container. The endpoint comes from the SDK's own AWS_ENDPOINT_URL_S3 handling;
 * path-style URLs are for S3-compatible servers. The SDK's default CRC32 checksums stay on: every
 * body this code sends has a known length, so it is sent plainly, which s3rver stores correctly.
 */
export function createS3Client(config: Pick<HandlerConfig, 'forcePathStyle'>, overrides: S3ClientConfig = {}): S3Client {
  return new S3Client({
    forcePathStyle: config.forcePathStyle,
    // A stalled connection fails the frame (and so the invocation, which Lambda retries) long
    // before the 120 s function timeout; the SDK itself retries throttling and 5xx responses.
    requestHandler: { connectionTimeout: 5_000, socketTimeout: 30_000 },
    ...overrides,
  });
}

let kernelTurn: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` when no other frame of this process is using the shared WebAssembly kernel: a
 * frame owns the kernel's arena from its download to the end of its upload. Lambda never runs
 * two invocations in one container at once; this keeps concurrent callers (tests, tools) safe.
 */
function withKernel<T>(task: () => Promise<T>): Promise<T> {
  const run = kernelTurn.then(task, task);
  kernelTurn = run.catch(() => undefined);
  return run;
}

/** Fetches, processes and stores one frame; every failure is a FrameError naming the key. */
export async function processObject(s3: S3Client, object: ObjectRef, config: HandlerConfig): Promise<ProcessedFrame> {
  refuseBeforeRequest(object, config);
  return withKernel(async () => {
    const started = performance.now();
    const input = await download(s3, object, config.limits.maxInputBytes);
    const downloaded = performance.now();
    const { blurModifier, quality, format, limits } = config;
    const result = processFrame(input.frame, { blurModifier, quality, format, limits, source: object.key });
    const outputKey = outputKeyFor(object.key, config.format);
    const uploadStarted = performance.now();
    await upload(s3, object, input.eTag, outputKey, result, config.outputBucket);
    const uploadMs = performance.now() - uploadStarted;
    return { source: object, outputBucket: config.outputBucket, outputKey, inputBytes: input.frame.length, result, downloadMs: downloaded - started, uploadMs };
  });
}

/** Checks that need no request: the recursion guard and the size the event announced. */
function refuseBeforeRequest(object: ObjectRef, config: HandlerConfig): void {
  if (object.bucket === config.outputBucket) {
    throw new RecursionGuardError(
      `refusing to write the edge map into "${object.bucket}", the bucket the event came from (OUTPUT_BUCKET must be another bucket, or every output would trigger the function again)`,
      object.key,
    );
  }
  if (object.size !== undefined && object.size > config.limits.maxInputBytes) throw tooLarge(object, object.size, config.limits.maxInputBytes);
}

async function download(s3: S3Client, object: ObjectRef, maxInputBytes: number): Promise<{ frame: FrameInput; eTag: string }> {
  const response = await send(object, 'GetObject', () => s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key })));
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
  await streamInto(frame, body, object);
  return { frame, eTag: unquote(response.ETag ?? '') };
}

/** Copies each chunk of the body into its place in WebAssembly memory, as it arrives. */
async function streamInto(frame: FrameInput, body: Readable & AsyncIterable<Uint8Array>, object: ObjectRef): Promise<void> {
  try {
    for await (const chunk of body) {
      if (frame.received + chunk.length > frame.length) throw new S3TransferError(`the body is longer than its Content-Length of ${frame.length} bytes`, object.key);
      frame.write(chunk);
    }
  } catch (error) {
    body.destroy();
    if (error instanceof FrameError) throw error;
    throw new S3TransferError(`download failed after ${frame.received} of ${frame.length} bytes (${describe(error)})`, object.key);
  }
  if (frame.received !== frame.length) {
    throw new S3TransferError(`download ended after ${frame.received} of ${frame.length} bytes`, object.key);
  }
}

async function upload(s3: S3Client, source: ObjectRef, eTag: string, key: string, result: FrameResult, bucket: string): Promise<void> {
  const metadata = {
    'source-bucket': source.bucket,
    // Metadata travels in HTTP headers, which carry ASCII only: the key is percent-encoded.
    'source-key': encodeURIComponent(source.key),
    'source-etag': eTag,
    sigma: String(result.sigma),
    width: String(result.width),
    height: String(result.height),
    'input-width': String(result.inputWidth),
    'input-height': String(result.inputHeight),
  };
  await send(source, `PutObject to ${bucket}`, () =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: result.bytes, ContentLength: result.bytes.length, ContentType: result.contentType, Metadata: metadata })),
  );
}

/** One S3 call; its failure becomes an S3TransferError naming the key and the S3 error code. */
async function send<T>(object: ObjectRef, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new S3TransferError(`${operation} failed: ${describe(error)}`, object.key);
  }
}

function tooLarge(object: ObjectRef, size: number, limit: number): LimitExceededError {
  return new LimitExceededError(`object is ${size} bytes, over the MAX_INPUT_BYTES limit of ${limit} bytes`, object.key);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const detail = error.message && error.message !== error.name ? ` (${error.message})` : '';
  return `${error.name}${status ? ` HTTP ${status}` : ''}${detail}`;
}

function unquote(eTag: string): string {
  return eTag.replace(/^"|"$/g, '');
}
