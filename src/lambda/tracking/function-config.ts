// Settings of the tracking functions (manifest, failed-frame recorder, MediaConvert totals, table
// totals, sweeper), read from the environment once per container and validated there. Each reads
// only what it uses: a function that does not publish has no OUTPUT_BUCKET.
import { bucketName, numberIn, readForcePathStyle, readLogLevel, type Env, type LogLevel } from '../config';
import { requireTrackingConfig, type TrackingConfig } from '../tracking-config';

export interface TrackingFunctionConfig {
  tracking: TrackingConfig;
  logLevel: LogLevel;
  /** Path-style S3 URLs (the local S3 server). */
  forcePathStyle: boolean;
}

export function readFunctionConfig(env: Env): TrackingFunctionConfig {
  return { tracking: requireTrackingConfig(env), logLevel: readLogLevel(env), forcePathStyle: readForcePathStyle(env) };
}

/** Where `<videoId>/video.json` is written (the functions that publish). */
export function readOutputBucket(env: Env): string {
  return bucketName(env, 'OUTPUT_BUCKET', 'the bucket <videoId>/video.json is written to');
}

/** The bucket frames land in: the only one the MediaConvert function may list. */
export function readInputBucket(env: Env): string {
  return bucketName(env, 'INPUT_BUCKET', 'the bucket the frames land in (the only one listed)');
}

/** The sweeper's grace periods (docs/tracking.md, "The sweeper"). */
export const SWEEP_DEFAULTS = { SWEEP_PUBLISH_GRACE_SECONDS: 150, SWEEP_RECONCILE_GRACE_SECONDS: 900 } as const;

/** A day at most: a longer grace would let a crash's leftovers wait for no reason. */
const GRACE_RULE = { integer: true, min: 0, max: 86_400 };

export function readSweepGrace(env: Env): { publishGraceMs: number; reconcileGraceMs: number } {
  const publish = numberIn(env, 'SWEEP_PUBLISH_GRACE_SECONDS', GRACE_RULE, SWEEP_DEFAULTS.SWEEP_PUBLISH_GRACE_SECONDS);
  const reconcile = numberIn(env, 'SWEEP_RECONCILE_GRACE_SECONDS', GRACE_RULE, SWEEP_DEFAULTS.SWEEP_RECONCILE_GRACE_SECONDS);
  return { publishGraceMs: publish * 1000, reconcileGraceMs: reconcile * 1000 };
}

/** VIDEO_STALL_AFTER: seconds without progress before a video is marked stalled (default an hour; a few seconds to try it locally). */
export const STALL_AFTER_DEFAULT_SECONDS = 3600;
const STALL_RULE = { integer: true, min: 1, max: 30 * 86_400 };

export function readStallAfter(env: Env): number {
  return numberIn(env, 'VIDEO_STALL_AFTER', STALL_RULE, STALL_AFTER_DEFAULT_SECONDS) * 1000;
}
