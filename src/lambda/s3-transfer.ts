// One frame from S3 to S3: GetObject streamed straight into WebAssembly memory, the pipeline,
// then one PutObject of the whole edge map (so an output exists whole or not at all).
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { HandlerConfig } from './config';
import { FrameError, LimitExceededError } from '../core/errors';
import { FrameInput } from '../core/frame-input';
import { processFrame, type FrameResult } from '../core/pipeline';
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
 * How the S3 client retries and gives up. Every failure here fails the frame, and so the
 * invocation, which Lambda retries: the client only needs to ride out brief blips, and must
 * never hold a frame until the 120 s function timeout.
 */
export interface S3ClientLimits {
  /**
   * Attempts per request (the SDK's standard retry mode): 500/502/503/504, throttling (503
   * SlowDown), connection resets and refusals and timeouts are retried after a jittered
   * exponential backoff (100 ms base, 500 ms for throttling). A body that fails after its
   * response has begun is never retried by the SDK: the frame fails.
   */
  maxAttempts: number;
  /** Longest wait for a TCP connection. */
  connectionTimeoutMs: number;
  /** Longest silence on a connection (waiting for the response head, or between body chunks) before the request fails. */
  socketTimeoutMs: number;
}

/**
 * Worst case for one S3 call: 3 x 10 s of silence + under 1 s of backoff, about 31 s; a
 * download and an upload, about 62 s, inside the 120 s timeout. The handler also abandons any
 * S3 call still running shortly before the timeout (frame-handler.ts), so a slow stream that
 * never goes silent cannot outlast the invocation either.
 */
export const S3_CLIENT_LIMITS: S3ClientLimits = { maxAttempts: 3, connectionTimeoutMs: 3_000, socketTimeoutMs: 10_000 };

/**
 * One client per container. The endpoint comes from the SDK's own AWS_ENDPOINT_URL_S3 handling;
 * path-style URLs are for S3-compatible servers. The SDK's default CRC32 checksums stay on: every
 * body this code sends has a known length, so it is sent plainly, which s3rver stores correctly.
 */
export function createS3Client(config: Pick<HandlerConfig, 'forcePathStyle'>, overrides: S3ClientConfig = {}, limits: S3ClientLimits = S3_CLIENT_LIMITS): S3Client {
  return new S3Client({
    forcePathStyle: config.forcePathStyle,
    maxAttempts: limits.maxAttempts,
    requestHandler: { connectionTimeout: limits.connectionTimeoutMs, socketTimeout: limits.socketTimeoutMs },
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

/**
 * Fetches, processes and stores one frame; every failure is a FrameError naming the key.
 * `deadline`, when it aborts, abandons the S3 request or body transfer under way (its reason,
 * an Error, says why).
 */
export async function processObject(s3: S3Client, object: ObjectRef, config: HandlerConfig, deadline?: AbortSignal): Promise<ProcessedFrame> {
  refuseBeforeRequest(object, config);
  return withKernel(async () => {
    const started = performance.now();
    const input = await download(s3, object, config.limits.maxInputBytes, deadline);
    const downloaded = performance.now();
    const { blurModifier, quality, format, limits } = config;
    const result = processFrame(input.frame, { blurModifier, quality, format, limits, source: object.key });
    const outputKey = outputKeyFor(object.key, config.format);
    const uploadStarted = performance.now();
    await upload(s3, { source: object, eTag: input.eTag, bucket: config.outputBucket, key: outputKey, result }, deadline);
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

async function download(s3: S3Client, object: ObjectRef, maxInputBytes: number, deadline?: AbortSignal): Promise<{ frame: FrameInput; eTag: string }> {
  const response = await send(object, 'GetObject', deadline, () => s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }), { abortSignal: deadline }));
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
  return { frame, eTag: unquote(response.ETag ?? '') };
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
    const why = deadline?.aborted ? `abandoned: ${reasonOf(deadline)}` : `failed: ${describe(error)}`;
    throw new S3TransferError(`download ${why} (after ${frame.received} of ${frame.length} bytes)`, object.key);
  } finally {
    deadline?.removeEventListener('abort', abandon);
  }
  if (deadline?.aborted) throw new S3TransferError(`download abandoned: ${reasonOf(deadline)} (after ${frame.received} of ${frame.length} bytes)`, object.key);
  if (frame.received !== frame.length) {
    throw new S3TransferError(`download ended after ${frame.received} of ${frame.length} bytes`, object.key);
  }
}

interface Output {
  source: ObjectRef;
  eTag: string;
  bucket: string;
  key: string;
  result: FrameResult;
}

async function upload(s3: S3Client, { source, eTag, bucket, key, result }: Output, deadline?: AbortSignal): Promise<void> {
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
  const command = new PutObjectCommand({ Bucket: bucket, Key: key, Body: result.bytes, ContentLength: result.bytes.length, ContentType: result.contentType, Metadata: metadata });
  await send(source, `PutObject to ${bucket}`, deadline, () => s3.send(command, { abortSignal: deadline }));
}

/** One S3 call; its failure becomes an S3TransferError naming the key, the S3 error code and the attempts made. */
async function send<T>(object: ObjectRef, operation: string, deadline: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (deadline?.aborted) throw new S3TransferError(`${operation} abandoned: ${reasonOf(deadline)}`, object.key);
    throw new S3TransferError(`${operation} failed: ${describe(error)}`, object.key);
  }
}

function tooLarge(object: ObjectRef, size: number, limit: number): LimitExceededError {
  return new LimitExceededError(`object is ${size} bytes, over the MAX_INPUT_BYTES limit of ${limit} bytes`, object.key);
}

/** "<name or code> HTTP <status> (<message>), after N attempts": what went wrong, in one line. */
function describe(error: unknown): string {
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

function unquote(eTag: string): string {
  return eTag.replace(/^"|"$/g, '');
}
