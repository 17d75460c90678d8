// Publishing a completed video: `<videoId>/video.json` in the output bucket, then one
// "Video Frames Processed" event, then the outbox is cleared. Everything published is built from
// the completion write's attributes only, so every (re)publication is the same bytes. Delivery is
// at least once: a crash before the outbox is cleared means a redelivery or the sweeper publishes
// again.
import type { TrackingContext } from './context';
import { N, S, num, str, updateIf, type Item } from './items';
import { DEFAULT_FRAME_RATE } from './manifest';
import { A, OUTBOX, videoKey } from './table';

export const RECORD_NAME = 'video.json';
export const EVENT_SOURCE = 'frame-processor';
export const EVENT_DETAIL_TYPE = 'Video Frames Processed';

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
  /** Where the total came from: manifest, mediaconvert or table. */
  totalSource: string;
  /** How the edge maps were made: the BLUR_METHOD of the deployment that completed the video (exact or fast). */
  blurMethod?: string;
}

/** The record of a completed video item (fields in a fixed order). */
export function videoRecord(videoId: string, item: Item): VideoRecord {
  const blurMethod = str(item, A.blurMethod);
  const total = num(item, A.total) ?? 0;
  const frameRate = num(item, A.frameRate) ?? DEFAULT_FRAME_RATE;
  const failed = (item[A.failedKeys]?.L ?? []).map((entry) => str(entry.M, 'Key') ?? '');
  return {
    videoId,
    status: str(item, A.status) === 'complete_with_failures' ? 'complete_with_failures' : 'complete',
    totalFrames: total,
    processedFrames: num(item, A.processed) ?? 0,
    failedFrameCount: num(item, A.failedCount) ?? 0,
    failedFrames: failed,
    failedFramesTruncated: item[A.failedKeysTruncated]?.BOOL === true,
    frameRate,
    durationSeconds: Math.round((total / frameRate) * 1000) / 1000,
    completedAt: new Date(num(item, A.completedAt) ?? 0).toISOString(),
    totalSource: str(item, A.totalSource) ?? 'table',
    ...(blurMethod ? { blurMethod } : {}),
  };
}

export function recordJson(record: VideoRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Publishes a completed video whose item is in the outbox, then clears the outbox. */
export async function publish(ctx: TrackingContext, videoId: string, item: Item): Promise<VideoRecord> {
  const record = videoRecord(videoId, item);
  await ctx.objects.put(`${videoId}/${RECORD_NAME}`, recordJson(record), 'application/json');
  ctx.faults.step('after-video-json', videoId);
  await ctx.events.publish({ source: EVENT_SOURCE, detailType: EVENT_DETAIL_TYPE, detail: record });
  ctx.faults.step('after-event', videoId);
  // Only this outbox entry is cleared (or handed on): the condition keeps a concurrent state change intact.
  const next = ctx.outboxAfterPublish;
  await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: next ? 'SET #outbox = :next, #since = :now, #published = :now' : 'REMOVE #outbox, #since SET #published = :now',
    ConditionExpression: '#outbox = :publish',
    ExpressionAttributeNames: { '#outbox': A.outbox, '#since': A.outboxSince, '#published': A.publishedAt },
    ExpressionAttributeValues: { ':publish': S(OUTBOX.publish), ':now': N(ctx.now()), ...(next ? { ':next': S(next) } : {}) },
  });
  ctx.faults.step('after-outbox-clear', videoId);
  ctx.log.info('video published', { videoId, status: record.status, totalFrames: record.totalFrames, failedFrameCount: record.failedFrameCount });
  return record;
}
