// Stalled videos: a video in the outbox (it has frames or a total, and is not complete) that has
// made no progress for `stallAfterMs` is marked stalled, with the reason, by the sweeper:
//  - "waiting for a total": frames but no manifest, MediaConvert total or TotalFrames;
//  - "numbering undecided": a total T, but neither frame 0 nor frame T arrived (numbering.ts);
//  - missing frames, as index ranges (and any frames out of range, which do not count).
// Progress is the latest of: the video item's own times (a group registered or promoted, a total
// recorded) and the UpdatedAt of every chunk not done. The mark is ONE conditional write (IF not
// stalled and not complete) whose winner puts one "Video Stalled" event and counts the metric;
// the event is marked announced after it is put, so a crash in between is announced by a later
// sweep (at least once). Progress after the mark clears it (the sweeper, or the completion).
import { randomUUID } from 'node:crypto';
import { viewChunk, viewGroup, type ChunkView } from './chunks';
import type { TrackingContext } from './context';
import { IndexRanges, NO_RANGES, describeRanges, type RangeSummary } from './index-ranges';
import { BOOL, N, S, batchGetConsistent, bool, getConsistent, num, numSet, str, updateIf, type Item } from './items';
import { framesOfChunk, type Numbering, type Requirements } from './ranges';
import { A, chunkKey, groupKey, videoKey } from './table';
import { sourceTotals } from './totals';

export const STALLED_DETAIL_TYPE = 'Video Stalled';

/** What the sweeper learnt about a video's unfinished chunks. */
export interface Unfinished {
  missing: IndexRanges;
  lastChunkAt: number;
}

export function unfinishedCollector(required: Requirements, layout: TrackingContext['layout']): Unfinished & { observe(view: ChunkView): void } {
  const collected = {
    missing: new IndexRanges(),
    lastChunkAt: 0,
    observe(view: ChunkView) {
      collected.lastChunkAt = Math.max(collected.lastChunkAt, view.updatedAt ?? 0);
      const span = framesOfChunk(required.frames, view.chunk, layout);
      const first = view.chunk * layout.chunkSize;
      for (let index = span.lo; index < span.hi; index++) if (!view.present.has(index - first)) collected.missing.add(index);
    },
  };
  return collected;
}

export interface StallCheck {
  state: 'progressing' | 'stalled' | 'still-stalled' | 'cleared';
  reason?: string;
}

/**
 * `unfinished`: what the sweeper's repair pass saw (a decided numbering), else the registered
 * chunks are read here for their times.
 */
export async function checkStall(ctx: TrackingContext, videoId: string, video: Item, stallAfterMs: number, numbering: Numbering | undefined, unfinished?: Unfinished): Promise<StallCheck> {
  const now = ctx.now();
  const stalledAt = num(video, A.stalledAt);
  const ownTimes = Math.max(num(video, A.progressAt) ?? 0, num(video, A.startedAt) ?? 0, ...sourceTotals(video).map((total) => total.at));
  if (stalledAt === undefined && now - ownTimes < stallAfterMs) return { state: 'progressing' };
  const lastAt = Math.max(ownTimes, unfinished?.lastChunkAt ?? (await registeredChunksLastAt(ctx, videoId, video)));
  if (stalledAt !== undefined) {
    if (lastAt > stalledAt) return clearStall(ctx, videoId, stalledAt);
    if (!bool(video, A.stallAnnounced)) await announce(ctx, videoId, (await getConsistent(ctx.table, videoKey(videoId))) ?? video);
    return { state: 'still-stalled', reason: str(video, A.stallReason) };
  }
  if (now - lastAt < stallAfterMs) return { state: 'progressing' };
  const missing = unfinished?.missing.summary() ?? NO_RANGES;
  const reason = stallReason(video, numbering, missing, now - lastAt);
  const token = randomUUID();
  const detail = { M: { LastProgressAt: N(lastAt), MissingCount: N(missing.count), Missing: { L: missing.ranges.map(S) }, MissingTruncated: BOOL(missing.truncated) } };
  const marked = await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #at = :now, #by = :token, #reason = :reason, #detail = :detail',
    ConditionExpression: 'attribute_not_exists(#at) AND attribute_not_exists(#completed)',
    ExpressionAttributeNames: { '#at': A.stalledAt, '#by': A.stalledBy, '#reason': A.stallReason, '#detail': A.stallDetail, '#completed': A.completedAt },
    ExpressionAttributeValues: { ':now': N(now), ':token': S(token), ':reason': S(reason), ':detail': detail },
  });
  const item = marked ?? (await getConsistent(ctx.table, videoKey(videoId)));
  if (str(item, A.stalledBy) !== token) return { state: 'still-stalled', reason: str(item, A.stallReason) };
  ctx.log.warn('video stalled', { videoId, reason });
  await announce(ctx, videoId, item ?? {});
  return { state: 'stalled', reason };
}

function stallReason(video: Item, numbering: Numbering | undefined, missing: RangeSummary, quietMs: number): string {
  const quiet = `no progress for ${Math.round(quietMs / 1000)} s`;
  const total = sourceTotals(video)[0];
  if (!total) return `waiting for a total (no capture.json, MediaConvert total or TotalFrames); ${quiet}`;
  if (!numbering) return `numbering undecided: neither frame 0 nor frame ${total.frames} (the total) has arrived; ${quiet}`;
  if (missing.count === 0) return `every frame is in but the video has not completed; ${quiet}`;
  return `missing ${missing.count} of ${total.frames} frames: ${describeRanges(missing)}; ${quiet}`;
}

/** The Video Stalled event (at least once), then the mark that it went out. */
async function announce(ctx: TrackingContext, videoId: string, item: Item): Promise<void> {
  if (!ctx.publishesInline || num(item, A.stalledAt) === undefined) return;
  const detail = item[A.stallDetail]?.M;
  const total = sourceTotals(item)[0];
  await ctx.events.publish({
    source: 'frame-processor',
    detailType: STALLED_DETAIL_TYPE,
    detail: {
      videoId,
      stalledAt: new Date(num(item, A.stalledAt) ?? 0).toISOString(),
      reason: str(item, A.stallReason) ?? '',
      lastProgressAt: new Date(num(detail, 'LastProgressAt') ?? 0).toISOString(),
      missingFrames: { count: num(detail, 'MissingCount') ?? 0, ranges: (detail?.Missing?.L ?? []).map((range) => range.S ?? ''), truncated: bool(detail, 'MissingTruncated') },
      totalFrames: total?.frames ?? null,
      totalSource: total?.source ?? null,
    },
  });
  await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #announced = :true',
    ConditionExpression: '#at = :at',
    ExpressionAttributeNames: { '#announced': A.stallAnnounced, '#at': A.stalledAt },
    ExpressionAttributeValues: { ':true': BOOL(true), ':at': N(num(item, A.stalledAt) ?? 0) },
  });
}

async function clearStall(ctx: TrackingContext, videoId: string, stalledAt: number): Promise<StallCheck> {
  await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'REMOVE #at, #by, #reason, #detail, #announced',
    ConditionExpression: '#at = :at',
    ExpressionAttributeNames: { '#at': A.stalledAt, '#by': A.stalledBy, '#reason': A.stallReason, '#detail': A.stallDetail, '#announced': A.stallAnnounced },
    ExpressionAttributeValues: { ':at': N(stalledAt) },
  });
  ctx.log.info('video stall cleared: progress since', { videoId });
  return { state: 'cleared' };
}

/** The latest UpdatedAt of the video's registered groups and chunks not done (no total or numbering yet). */
async function registeredChunksLastAt(ctx: TrackingContext, videoId: string, video: Item): Promise<number> {
  let last = 0;
  const groups = numSet(video, A.groups).sort((a, b) => a - b);
  for (let start = 0; start < groups.length; start += 100) {
    const batch = groups.slice(start, start + 100);
    const items = await batchGetConsistent(ctx.table, batch.map((group) => groupKey(videoId, group)));
    for (const group of batch) {
      const view = viewGroup(items.get(groupKey(videoId, group)), group);
      last = Math.max(last, view.updatedAt ?? 0);
      const chunks = [...view.registered].filter((offset) => !view.done.has(offset)).map((offset) => group * ctx.layout.groupSize + offset);
      for (let from = 0; from < chunks.length; from += 100) {
        const read = await batchGetConsistent(ctx.table, chunks.slice(from, from + 100).map((chunk) => chunkKey(videoId, chunk)));
        for (const [id, item] of read) last = Math.max(last, viewChunk(item, Number(id.slice(id.lastIndexOf('#') + 1))).updatedAt ?? 0);
      }
    }
  }
  return last;
}
