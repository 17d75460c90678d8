// What to do after any write to a video item, given that write's answer (ALL_NEW).
//
// Why no completion is missed, with single-item writes only. Completion needs TotalFrames and a
// DoneChunks covering chunks 0..last on the one video item. Every write that adds either (the
// total write, each promotion) answers with the whole item after it, and its caller settles on
// that answer. DynamoDB applies writes to one item one at a time, so the LAST of these writes
// sees all the others: its caller finds the video complete. Likewise for a chunk: fullness
// needs its indices (frame and failure ADDs) and, for the last chunk, Expected (the total write's
// second step); each of these writes answers with the whole chunk, so the last one sees the chunk
// full and promotes. No read is involved, so read consistency does not matter here; the reads
// that do happen (a total's repair pass, the completer's failed chunks, a duplicate total's
// check) are strongly consistent, so they see every write acknowledged before them.
// A crash between a write and its follow-up loses nothing: a redelivery repeats the (idempotent)
// write and gets a fresh answer; the outbox marker brings the sweeper back when none comes.
import { allChunksDone, chunkCount } from './chunks';
import { complete } from './completion';
import type { TrackingContext } from './context';
import { MAX_TOTAL_FRAMES } from './frame-key';
import { num, numSet, str, type Item } from './items';
import { publish, videoRecord, type VideoRecord } from './publish';
import { A, OUTBOX } from './table';
import { DEFAULT_FRAME_RATE } from './manifest';
import { reconcileChunks, writeTotal } from './totals';

export type VideoProgress =
  | { state: 'waiting-for-total'; doneChunks: number }
  | { state: 'in-progress'; doneChunks: number; chunks: number; totalFrames: number }
  /** This call completed the video (and published it, unless the tracker leaves that to the sweeper). */
  | { state: 'completed'; record: VideoRecord }
  /** Completed before; `republished` if this call found it still in the outbox and published it. */
  | { state: 'already-complete'; republished: boolean };

/** `adopt`: take over a TotalFrames written by another writer (false once that was done). */
export async function settle(ctx: TrackingContext, videoId: string, video: Item, adopt = true): Promise<VideoProgress> {
  if (video[A.completedAt]) return publishPending(ctx, videoId, video);
  const total = num(video, A.total);
  const doneChunks = numSet(video, A.doneChunks).length;
  if (total === undefined) return { state: 'waiting-for-total', doneChunks };
  if (adopt && video[A.totalAt] === undefined) return adoptTotal(ctx, videoId, video, total);
  if (!allChunksDone(video, total, ctx.chunkSize)) {
    return { state: 'in-progress', doneChunks, chunks: chunkCount(total, ctx.chunkSize), totalFrames: total };
  }
  const completed = await complete(ctx, videoId, video);
  if (!completed) return { state: 'already-complete', republished: false };
  ctx.log.info('video completed', { videoId, totalFrames: total, status: str(completed, A.status), publishedBy: ctx.publishesInline ? 'this call' : 'the sweeper' });
  if (!ctx.publishesInline) return { state: 'completed', record: videoRecord(videoId, completed) };
  return { state: 'completed', record: await publish(ctx, videoId, completed) };
}

async function publishPending(ctx: TrackingContext, videoId: string, video: Item): Promise<VideoProgress> {
  if (!ctx.publishesInline || str(video, A.outbox) !== OUTBOX.publish) return { state: 'already-complete', republished: false };
  await publish(ctx, videoId, video);
  return { state: 'already-complete', republished: true };
}

/**
 * A TotalFrames that another writer put on the item (an existing jobs table): recorded as ours
 * (TotalAt, the outbox marker, the last chunk's Expected, the repair pass), then settled again.
 */
async function adoptTotal(ctx: TrackingContext, videoId: string, video: Item, total: number): Promise<VideoProgress> {
  if (!Number.isInteger(total) || total < 0 || total > MAX_TOTAL_FRAMES) {
    ctx.log.error('TotalFrames on the video item is not a valid total: ignored', { videoId, totalFrames: total });
    return { state: 'waiting-for-total', doneChunks: numSet(video, A.doneChunks).length };
  }
  const frameRate = num(video, A.frameRate) ?? DEFAULT_FRAME_RATE;
  const recorded = await writeTotal(ctx, { videoId, totalFrames: total, frameRate, source: 'table' });
  const latest = await reconcileChunks(ctx, videoId, recorded);
  return settle(ctx, videoId, latest, false);
}
