// A run with S3 on either side. Frames are taken from the job stream (the listing, paginated and
// streamed) only as a place frees up: twice as many frames in flight as compute lanes, so while
// each lane computes one frame, another is being fetched or stored, and the frames held at once
// (their bytes, their keys) stay bounded however many the prefix has.
import type { S3Client } from '@aws-sdk/client-s3';
import { UsageError } from '../core/errors';
import { readForcePathStyle } from '../lambda/config';
import { createS3Client } from '../lambda/s3-client';
import type { CliOptions } from './args';
import { computeLanes } from './compute-pool';
import type { FrameJob } from './files';
import type { Stops } from './interrupts';
import type { JobOutcome } from './job';
import type { RunTracking } from './tracking';
import { transferFrame } from './transfer';
import { transferJobs } from './transfer-jobs';
import type { TransferJob, TransferPlan } from './transfer-plan';

/** Frames in flight per compute lane: one computing, one fetching or storing. */
export const IN_FLIGHT_PER_LANE = 2;

export interface RunEvents {
  /** A frame was taken for the run (counted as found). */
  found(job: FrameJob): void;
  /** Every frame has been found. */
  listed(): void;
  done(job: FrameJob, outcome: JobOutcome): void;
}

export interface TransferEnd {
  /** Frames found but not started (Ctrl-C). */
  untaken: FrameJob[];
  /** Why the listing ended early, if it did: the frames not yet listed are unknown. */
  error?: unknown;
}

/**
 * The S3 client of a run: the Lambda function's own limits (3 attempts, connection and silence
 * timeouts); following S3's region redirects, since buckets on a laptop's command line may be
 * anywhere. A missing region or missing credentials are refused before any work.
 */
export async function cliS3Client(env: NodeJS.ProcessEnv = process.env): Promise<S3Client> {
  const s3 = createS3Client({ forcePathStyle: readForcePathStyle(env) }, { followRegionRedirects: true });
  await s3.config.region().catch((error: Error) => {
    throw new UsageError(`no AWS region for S3: set AWS_REGION or a profile's region (${error.message})`);
  });
  await s3.config.credentials().catch((error: Error) => {
    throw new UsageError(`no AWS credentials for S3: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (${error.message})`);
  });
  return s3;
}

/** `tracking`: each frame's outcome is recorded for its video (--table) before it is reported. */
export async function runTransfers(plan: TransferPlan, options: CliOptions, s3: S3Client, events: RunEvents, stops: Stops, tracking?: RunTracking): Promise<TransferEnd> {
  const { blurModifier, blurMethod, quality, format, concurrency, force } = options;
  const settings = { blurModifier, blurMethod, quality, format };
  const compute = computeLanes(settings, concurrency, stops);
  const context = { s3, settings, force, compute, now: stops.now };
  const jobs = transferJobs(plan, s3);
  const end: TransferEnd = { untaken: [] };
  const place = async () => {
    while (!stops.starting.aborted && end.error === undefined) {
      let next: IteratorResult<TransferJob>;
      try {
        next = await jobs.next();
      } catch (error) {
        end.error ??= error;
        return;
      }
      if (next.done) return events.listed();
      events.found(next.value);
      if (stops.starting.aborted) end.untaken.push(next.value);
      else {
        const outcome = await transferFrame(next.value, context);
        events.done(next.value, tracking ? await tracking.record(next.value, outcome) : outcome);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency * IN_FLIGHT_PER_LANE }, place));
  } finally {
    await compute.close();
  }
  return end;
}
