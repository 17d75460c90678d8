// One frame from S3 to S3: GetObject streamed straight into WebAssembly memory, the pipeline,
// then one PutObject of the whole edge map (so an output exists whole or not at all), then, with
// tracking on, the frame is recorded for its video. This is the one per-object path: every
// record of every kind of event that names a frame comes through here.
import { performance } from 'node:perf_hooks';
import type { S3Client } from '@aws-sdk/client-s3';
import { FrameTrackingError, LimitExceededError, RecursionGuardError } from '../core/errors';
import { edgeMapName } from '../core/frame-names';
import { processFrame, type FrameResult } from '../core/pipeline';
import type { FrameResult as TrackingResult } from '../tracking/tracker';
import { withKernel } from '../wasm/kernel-lock';
import type { HandlerConfig } from './config';
import type { ObjectRef } from './s3-event';
import { download, EDGE_MAP_TAG, tooLarge, upload } from './s3-transfer';

/** Every edge map is tagged, so the expiry rule (outputExpirationDays) can tell it from video.json and edges.mp4. */
const EDGE_MAP_TAGGING = `${EDGE_MAP_TAG.key}=${EDGE_MAP_TAG.value}`;

export interface ProcessedFrame {
  source: ObjectRef;
  outputBucket: string;
  outputKey: string;
  /** The input's size in bytes (GetObject's ContentLength). */
  inputBytes: number;
  result: FrameResult;
  downloadMs: number;
  uploadMs: number;
  /** What recording the frame for its video said (tracking on only). */
  tracking?: TrackingResult;
}

/** The part of the Tracker the frame path uses (S3 Batch Operations records a permanent failure too). */
export interface FrameTracking {
  frameProcessed(key: string): Promise<TrackingResult>;
  frameFailed(key: string, reason: string): Promise<TrackingResult>;
}

/** What processing one object needs. */
export interface ObjectDeps {
  s3: S3Client;
  config: HandlerConfig;
  /** Absent: tracking is off. */
  tracking?: FrameTracking;
}

/** The invocation's clock, when there is one. */
export interface FrameDeadline {
  /** Aborts when the invocation must stop: abandons the S3 request or body transfer under way (its reason, an Error, says why). */
  signal: AbortSignal;
  /** Milliseconds left before the signal aborts: the compute of a frame must fit in them (it cannot be interrupted). */
  timeLeftMs(): number;
  /** What timeLeftMs() was when the invocation started: what a retry will have. */
  invocationMs: number;
}

/**
 * Fetches, processes and stores one frame, then records it for its video; every failure is a
 * FrameError naming the key. A tracking failure comes after the edge map exists and fails the
 * frame all the same: the retry writes the same bytes again, and counting is idempotent.
 */
export async function processObject(deps: ObjectDeps, object: ObjectRef, deadline?: FrameDeadline): Promise<ProcessedFrame> {
  const frame = await writeEdgeMap(deps.s3, object, deps.config, deadline);
  if (!deps.tracking) return frame;
  try {
    return { ...frame, tracking: await deps.tracking.frameProcessed(object.key) };
  } catch (error) {
    throw new FrameTrackingError(`edge map written, but recording the frame for its video failed (${describeError(error)}); the retry counts it once`, object.key);
  }
}

async function writeEdgeMap(s3: S3Client, object: ObjectRef, config: HandlerConfig, deadline?: FrameDeadline): Promise<ProcessedFrame> {
  const outputKey = edgeMapName(object.key, config.format);
  refuseBeforeRequest(object, outputKey, config);
  return withKernel(async () => {
    const started = performance.now();
    const input = await download(s3, object, config.limits.maxInputBytes, deadline?.signal);
    const downloaded = performance.now();
    const { blurModifier, blurMethod, quality, format, limits, cpuShare } = config;
    const computeBudget = deadline ? { ms: deadline.timeLeftMs(), invocationMs: deadline.invocationMs, cpuShare } : undefined;
    const result = processFrame(input.frame, { blurModifier, blurMethod, quality, format, limits, computeBudget, source: object.key });
    const uploadStarted = performance.now();
    await upload(s3, { source: object, eTag: input.eTag, bucket: config.outputBucket, key: outputKey, result, tagging: EDGE_MAP_TAGGING }, deadline?.signal);
    const uploadMs = performance.now() - uploadStarted;
    return { source: object, outputBucket: config.outputBucket, outputKey, inputBytes: input.frame.length, result, downloadMs: downloaded - started, uploadMs };
  });
}

/** S3 keys are at most 1024 bytes of UTF-8; a PNG edge map's key can be 4 bytes longer than its frame's. */
const MAX_KEY_BYTES = 1024;

/** Checks that need no request: the recursion guard, the output key's length and the size the event announced. */
function refuseBeforeRequest(object: ObjectRef, outputKey: string, config: HandlerConfig): void {
  if (object.bucket === config.outputBucket) {
    throw new RecursionGuardError(
      `refusing to write the edge map into "${object.bucket}", the bucket the event came from (OUTPUT_BUCKET must be another bucket, or every output would trigger the function again)`,
      object.key,
    );
  }
  const keyBytes = Buffer.byteLength(outputKey, 'utf8');
  if (keyBytes > MAX_KEY_BYTES) {
    throw new LimitExceededError(`the edge map's key would be ${keyBytes} bytes (the frame's key with .png), over S3's limit of ${MAX_KEY_BYTES} bytes`, object.key);
  }
  if (object.size !== undefined && object.size > config.limits.maxInputBytes) throw tooLarge(object, object.size, config.limits.maxInputBytes);
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
