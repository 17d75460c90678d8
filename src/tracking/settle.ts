// What to do after any write to a video item, given that write's answer (ALL_NEW).
//
// Why no completion is missed, with single-item writes only. Completion needs, on the one video
// item: a total, a decided numbering, the bounds of that numbering written (fp_BoundsFor), every
// nominal group in fp_DoneGroups and every edge's token in fp_Covered (ranges.ts). Every write
// that adds any of these answers with the whole item after it, and its caller settles on that
// answer. DynamoDB applies writes to one item one at a time, so the LAST of these writes sees all
// the others: its caller finds the video complete. The same holds one level down: a group is
// whole when its chunks' promotions (ADDs to the group, answering ALL_NEW) are all in, and a chunk
// when its frames' ADDs are, and an edge when its bounds and its members are; the last write of
// each sees it done and promotes it. No read decides any of this, so read consistency does not
// matter here; the reads that do happen (repair, the record's count) are strongly consistent.
// A crash between a write and its follow-up loses nothing: a redelivery repeats the (idempotent)
// write and gets a fresh answer; the outbox entry brings the sweeper back when none comes.
import { driveCompleted } from './after-completion';
import { complete } from './completion';
import type { TrackingContext } from './context';
import { TrackingError } from './errors';
import { MAX_TOTAL_FRAMES } from './frame-key';
import { num, numSet, str, strSet, type Item } from './items';
import { markTop, numberingOf, recordBase } from './numbering';
import { numberingId, requirements, satisfied } from './ranges';
import { videoRecord, type VideoRecord } from './publish';
import { reconcileRange } from './repair';
import { A, OTHER_WRITER_TOTAL } from './table';
import { totalInUse, writeTotal } from './totals';

export type VideoProgress =
  | { state: 'waiting-for-total'; groups: number }
  /** A total, but neither frame 0 nor frame T (the total) yet: the numbering is undecided. */
  | { state: 'waiting-for-numbering'; totalFrames: number }
  | { state: 'in-progress'; groupsDone: number; groups: number; totalFrames: number }
  /** This call's write completed the video (and published it, unless the tracker leaves that to the sweeper). */
  | { state: 'completed'; record: VideoRecord }
  /** Completed before; `republished` if this call published a pending version. */
  | { state: 'already-complete'; republished: boolean };

/** Steps of one settle at most: each makes a write that brings the item closer to complete. */
const MAX_STEPS = 12;

export interface SettleOptions {
  /** The caller put the video into the outbox at this time (OutboxSince) itself: it publishes or corrects without waiting for the lease. */
  enteredOutboxAt?: number;
}

export async function settle(ctx: TrackingContext, videoId: string, video: Item, options: SettleOptions = {}): Promise<VideoProgress> {
  let item = video;
  for (let step = 0; step < MAX_STEPS; step++) {
    const next = await settleStep(ctx, videoId, item, options);
    if ('state' in next) return next;
    item = next.item;
  }
  throw new TrackingError(`settling took more than ${MAX_STEPS} steps (the video keeps changing): the sweeper settles it`, videoId);
}

async function settleStep(ctx: TrackingContext, videoId: string, item: Item, options: SettleOptions): Promise<VideoProgress | { item: Item }> {
  if (item[A.completedAt]) {
    const owned = options.enteredOutboxAt !== undefined && num(item, A.outboxSince) === options.enteredOutboxAt;
    const { published } = await driveCompleted(ctx, videoId, item, owned);
    return { state: 'already-complete', republished: published.length > 0 };
  }
  const adopted = await adoptOtherWritersTotal(ctx, videoId, item);
  if (adopted) return { item: adopted };
  const total = totalInUse(item);
  if (!total) return { state: 'waiting-for-total', groups: numSet(item, A.groups).length };
  const numbering = numberingOf(item, total.frames);
  if (!numbering) {
    if (num(item, A.topMarked) !== total.frames) return { item: await markTop(ctx, videoId, total.frames) };
    return { state: 'waiting-for-numbering', totalFrames: total.frames };
  }
  if (num(item, A.base) === undefined) return { item: await recordBase(ctx, videoId, numbering) };
  if (str(item, A.boundsFor) !== numberingId(numbering)) return { item: await reconcileRange(ctx, videoId, item, numbering, { registeredOnly: true }) };
  const required = requirements(ctx.layout, numbering);
  if (!satisfied(required, new Set(numSet(item, A.doneGroups)), new Set(strSet(item, A.covered)))) {
    const groups = required.nominalGroups.hi - required.nominalGroups.lo;
    const done = numSet(item, A.doneGroups).filter((group) => group >= required.nominalGroups.lo && group < required.nominalGroups.hi).length;
    return { state: 'in-progress', groupsDone: done, groups, totalFrames: total.frames };
  }
  const attempt = await complete(ctx, videoId, item, numbering);
  if (attempt.kind === 'retry') return { item: attempt.item };
  if (attempt.kind === 'already-complete') return settleStep(ctx, videoId, attempt.item, options);
  ctx.log.info('video completed', { videoId, totalFrames: total.frames, status: str(attempt.item, A.status), publishedBy: ctx.publishesInline ? 'this call' : 'the sweeper' });
  return { state: 'completed', record: await publishCompleted(ctx, videoId, attempt.item) };
}

/**
 * The completer publishes at once. If that fails after its retries (a throttled bus, S3 down),
 * the completion still counts as this call's: the error is logged and the outbox entry, which
 * the completion write made, brings a redelivery or the sweeper to publish it.
 */
async function publishCompleted(ctx: TrackingContext, videoId: string, item: Item): Promise<VideoRecord> {
  try {
    const { published } = await driveCompleted(ctx, videoId, item, true);
    return published[0] ?? videoRecord(videoId, item);
  } catch (error) {
    ctx.log.error('video completed, not yet published: the sweeper publishes it', { videoId, error: (error as Error).message });
    return videoRecord(videoId, item);
  }
}

/**
 * A TotalFrames that another writer put on the item (an existing jobs table), new or changed since
 * tracking last recorded it: recorded as the source "table". Of that writer's fields, only this
 * one is read; an invalid value is logged and ignored.
 */
async function adoptOtherWritersTotal(ctx: TrackingContext, videoId: string, item: Item): Promise<Item | undefined> {
  const written = num(item, OTHER_WRITER_TOTAL);
  if (written === undefined) return undefined;
  const recorded = item[A.totalOf('table')]?.M;
  if (num(recorded, 'Frames') === written) return undefined;
  if (!Number.isInteger(written) || written < 0 || written > MAX_TOTAL_FRAMES) {
    ctx.log.error(`${OTHER_WRITER_TOTAL} on the video item is not a valid total: ignored`, { videoId, totalFrames: written });
    return undefined;
  }
  return writeTotal(ctx, { videoId, totalFrames: written, frameRate: 30, source: 'table' });
}
