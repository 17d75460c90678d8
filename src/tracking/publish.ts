// Publishing a version of a completed video's record: `<videoId>/video.json` in the output bucket,
// then one event ("Video Frames Processed" for version 1, "Video Frames Updated" for a
// correction's), then the outbox moves on. Everything published is built from the item's record
// attributes, written once per version by a conditional write, so every (re)publication of a
// version is the same bytes. Delivery is at least once: a crash before the outbox moves on means a
// redelivery or the sweeper publishes again.
import type { TrackingContext } from './context';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { N, S, bool, getConsistent, num, str, updateAllNew, type Item } from './items';
import type { RangeSummary } from './index-ranges';
import { DEFAULT_FRAME_RATE } from './manifest';
import { A, OUTBOX, videoKey } from './table';
import { totalsSeen } from './totals';

export const RECORD_NAME = 'video.json';
export const EVENT_SOURCE = 'frame-processor';
export const EVENT_DETAIL_TYPE = 'Video Frames Processed';
export const UPDATED_DETAIL_TYPE = 'Video Frames Updated';

export interface VideoRecord {
  videoId: string;
  status: 'complete' | 'complete_with_failures';
  totalFrames: number;
  processedFrames: number;
  failedFrameCount: number;
  /** Keys of the frames that failed for good, in index order (at most MAX_LISTED_FAILURES). */
  failedFrames: string[];
  /** True if failedFrames lists fewer than failedFrameCount. */
  failedFramesTruncated: boolean;
  frameRate: number;
  durationSeconds: number;
  /** ISO 8601, from the completion write. */
  completedAt: string;
  /** The source of the total used: manifest, mediaconvert or table (docs/tracking.md, "Totals"). */
  totalSource: string;
  /** How the edge maps were made: the BLUR_METHOD of the deployment that completed the video (exact or fast). */
  blurMethod?: string;
  /** Every total recorded before completion, in arrival order. */
  totalsSeen: { source: string; totalFrames: number; at: string }[];
  /** The first frame's index (0 or 1) and what decided it. */
  firstFrameIndex: number;
  firstFrameIndexFrom: string;
  /** Indices outside [firstFrameIndex, firstFrameIndex + totalFrames) that arrived: not counted. */
  outOfRange: RangeSummary;
  /** 1 at completion, one more for each correction. */
  version: number;
  /** ISO 8601, when this version was written. */
  updatedAt: string;
}

/** The record of a completed video item (fields in a fixed order). */
export function videoRecord(videoId: string, item: Item): VideoRecord {
  const blurMethod = str(item, A.blurMethod);
  const total = num(item, A.total) ?? 0;
  const frameRate = num(item, A.frameRate) ?? DEFAULT_FRAME_RATE;
  const failed = (item[A.failedKeys]?.L ?? []).map((entry) => str(entry.M, 'Key') ?? '');
  const outOfRange = item[A.outOfRange]?.M;
  return {
    videoId,
    status: str(item, A.status) === 'complete_with_failures' ? 'complete_with_failures' : 'complete',
    totalFrames: total,
    processedFrames: num(item, A.processed) ?? 0,
    failedFrameCount: num(item, A.failedCount) ?? 0,
    failedFrames: failed,
    failedFramesTruncated: bool(item, A.failedKeysTruncated),
    frameRate,
    durationSeconds: Math.round((total / frameRate) * 1000) / 1000,
    completedAt: iso(num(item, A.completedAt)),
    totalSource: str(item, A.totalSource) ?? 'table',
    ...(blurMethod ? { blurMethod } : {}),
    totalsSeen: totalsSeen(item).map((seen) => ({ ...seen, at: iso(seen.at) })),
    firstFrameIndex: num(item, A.base) ?? 0,
    firstFrameIndexFrom: str(item, A.baseBy) ?? '',
    outOfRange: {
      count: num(outOfRange, 'Count') ?? 0,
      ranges: (outOfRange?.Ranges?.L ?? []).map((range) => range.S ?? ''),
      truncated: bool(outOfRange, 'Truncated'),
    },
    version: num(item, A.version) ?? 1,
    updatedAt: iso(num(item, A.versionAt) ?? num(item, A.completedAt)),
  };
}

export function recordJson(record: VideoRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

export type PublishOutcome = { record: VideoRecord; next: 'done' | 'correct' | 'moved-on' };

/** Publishes the item's version, then moves the outbox on (to `correct` if recoveries are pending). */
export async function publish(ctx: TrackingContext, videoId: string, item: Item): Promise<PublishOutcome> {
  const record = videoRecord(videoId, item);
  await ctx.objects.put(`${videoId}/${RECORD_NAME}`, recordJson(record), 'application/json');
  ctx.faults.step('after-video-json', videoId);
  await ctx.events.publish({ source: EVENT_SOURCE, detailType: record.version > 1 ? UPDATED_DETAIL_TYPE : EVENT_DETAIL_TYPE, detail: record });
  ctx.faults.step('after-event', videoId);
  const next = await leavePublish(ctx, videoId, record.version);
  ctx.faults.step('after-outbox-clear', videoId);
  ctx.log.info(record.version > 1 ? 'video record updated' : 'video published', { videoId, version: record.version, status: record.status, totalFrames: record.totalFrames, failedFrameCount: record.failedFrameCount });
  return { record, next };
}

/**
 * Only this version's publish entry is left, and only to where it goes next: handed on to the
 * follow-on step (the edge video) or cleared; to `correct` instead when a frame was recovered
 * since the record was counted.
 */
async function leavePublish(ctx: TrackingContext, videoId: string, version: number): Promise<PublishOutcome['next']> {
  const next = ctx.outboxAfterPublish;
  const names = { '#outbox': A.outbox, '#since': A.outboxSince, '#published': A.publishedAt, '#publishedVersion': A.publishedVersion, '#version': A.version };
  const values = { ':publish': S(OUTBOX.publish), ':now': N(ctx.now()), ':version': N(version) };
  const published = 'SET #published = :now, #publishedVersion = :version';
  try {
    await updateAllNew(ctx.table, videoKey(videoId), {
      UpdateExpression: next ? `${published}, #outbox = :next, #since = :now` : `${published} REMOVE #outbox, #since`,
      ConditionExpression: '#outbox = :publish AND #version = :version AND (attribute_not_exists(#recoveries) OR #recoveries = #counted)',
      ExpressionAttributeNames: { ...names, '#recoveries': A.recoveries, '#counted': A.recoveriesCounted },
      ExpressionAttributeValues: { ...values, ...(next ? { ':next': S(next) } : {}) },
    });
    return 'done';
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const latest = await getConsistent(ctx.table, videoKey(videoId));
  if (str(latest, A.outbox) !== OUTBOX.publish || num(latest, A.version) !== version) return 'moved-on';
  try {
    await updateAllNew(ctx.table, videoKey(videoId), {
      UpdateExpression: `${published}, #outbox = :correct, #since = :now`,
      ConditionExpression: '#outbox = :publish AND #version = :version',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ':correct': S(OUTBOX.correct) },
    });
    return 'correct';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'moved-on';
    throw error;
  }
}

function iso(ms: number | undefined): string {
  return new Date(ms ?? 0).toISOString();
}
