// One frame of a run with S3 on either side, its I/O in the main thread: fetch (GetObject, or read
// the file), skip when the S3 output there was made from the same bytes with the same settings
// (unless --force), compute (a worker thread), store (PutObject with the Lambda function's
// metadata, or write the file whole). Every failure is an outcome naming the frame, never thrown.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { FrameError } from '../core/errors';
import type { FrameResult } from '../core/pipeline';
import { madeFrom, type FrameSource } from '../lambda/output-metadata';
import { upload } from '../lambda/s3-transfer';
import type { Compute } from './compute-pool';
import { describe, temporaryPath, writeWhole, type JobOutcome, type JobSettings } from './job';
import { getFrame, metadataOf } from './s3-frames';
import type { TransferJob } from './transfer-plan';

export interface TransferContext {
  s3: S3Client;
  settings: JobSettings;
  /** Make every output again, even one made from the same bytes with the same settings. */
  force: boolean;
  compute: Compute;
  /** Aborts at the second Ctrl-C: the transfers in progress are abandoned. */
  now: AbortSignal;
}

export async function transferFrame(job: TransferJob, context: TransferContext): Promise<JobOutcome> {
  if (job.refusal !== undefined) return { ok: false, message: job.refusal };
  try {
    if (job.listedETag !== undefined && (await upToDate(job, job.listedETag, context))) return { ok: true, skipped: true };
    const frame = await fetchFrame(job, context);
    if (job.listedETag === undefined && (await upToDate(job, frame.eTag, context))) return { ok: true, skipped: true };
    const computed = await context.compute.compute(frame.bytes, job.input);
    if (!computed.ok) return computed;
    await storeOutput(job, frame.eTag, computed.result, context);
    return { ok: true };
  } catch (error) {
    if (context.now.aborted) return { ok: false, stopped: true, message: `${job.input}: stopped while in progress (interrupted)` };
    return { ok: false, message: error instanceof FrameError ? error.withSource(job.input).message : describe(error, job.input) };
  }
}

/** The frame's bytes and ETag; a file's ETag is the MD5 of its bytes, as S3 gives bytes put in one request. */
async function fetchFrame(job: TransferJob, context: TransferContext): Promise<{ bytes: Uint8Array; eTag: string }> {
  if (job.source.kind === 's3') return getFrame(context.s3, job.source, job.input, context.now);
  const bytes = await readFile(job.source.path, { signal: context.now });
  return { bytes, eTag: createHash('md5').update(bytes).digest('hex') };
}

/** True when the output is on S3 and its metadata says it was made from `eTag` with these settings (never with --force). */
async function upToDate(job: TransferJob, eTag: string, context: TransferContext): Promise<boolean> {
  if (context.force || job.target.kind !== 's3') return false;
  const metadata = await metadataOf(context.s3, job.target, job.input, context.now);
  return metadata !== undefined && madeFrom(metadata, eTag, context.settings);
}

async function storeOutput(job: TransferJob, eTag: string, result: FrameResult, context: TransferContext): Promise<void> {
  if (job.target.kind === 'file') return writeWhole(job.target.path, temporaryPath(job.target.path), result.bytes);
  const source: FrameSource = job.source.kind === 's3' ? { bucket: job.source.bucket, key: job.source.key } : { file: job.source.path };
  await upload(context.s3, { source, eTag, bucket: job.target.bucket, key: job.target.key, result }, context.now);
}
