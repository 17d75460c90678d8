// The sweeper, run on a schedule: finishes what crashes left behind and watches for stalls,
// through the sparse outbox index (only video items with fp_Outbox are in it).
//  - publish / correct, older than the publish grace: a version to publish, a record to count
//    again (after-completion.ts). Publish.
//  - reconcile, older than the reconcile grace (or the stall time, if shorter): a video with
//    frames or a total, not complete. The bounds are written again and every chunk of the range
//    not done is read (registered or not) and promoted if whole; then settle; then the stall
//    check (stall.ts); OutboxSince moves on, so the video is looked at once a period.
// The index is eventually consistent, so each video is read again (strongly) before acting.
// VideosCompleted is counted only for completions this sweep's own write made.
import { driveCompleted } from './after-completion';
import { UNLIMITED, type ListingBudget } from './capture-listing';
import { pausedListings, recordCapture } from './capture-totals';
import type { TrackingContext } from './context';
import { N, S, getConsistent, str, updateIf } from './items';
import { numberingOf, probeNumbering } from './numbering';
import { videosWaitingIn } from './outbox-query';
import { requirements } from './ranges';
import { reconcileRange } from './repair';
import { settle } from './settle';
import { checkStall, unfinishedCollector, type Unfinished } from './stall';
import { A, OUTBOX, videoKey } from './table';
import { totalInUse } from './totals';

export interface SweepOptions {
  /** Publications pending for longer than this are redone (ms). */
  publishGraceMs: number;
  /** Videos not complete are reconciled after this (ms). */
  reconcileGraceMs: number;
  /** A video with no progress for this long is marked stalled (ms; default 1 hour). */
  stallAfterMs?: number;
  /** When to pause a MediaConvert listing this sweep goes on with (default: never). */
  listingBudget?: ListingBudget;
}

export const DEFAULT_STALL_AFTER_MS = 3_600_000;

export interface SweepResult {
  republished: string[];
  /** Videos this sweep's own completion write completed. */
  completed: string[];
  stillIncomplete: string[];
  /** Videos this sweep marked stalled (each once). */
  stalled: string[];
  failed: { videoId: string; error: string }[];
}

export async function sweep(ctx: TrackingContext, options: SweepOptions): Promise<SweepResult> {
  const result: SweepResult = { republished: [], completed: [], stillIncomplete: [], stalled: [], failed: [] };
  const now = ctx.now();
  const stallAfterMs = options.stallAfterMs ?? DEFAULT_STALL_AFTER_MS;
  for (const state of [OUTBOX.publish, OUTBOX.correct]) {
    for (const videoId of await videosWaitingIn(ctx.table, state, now - options.publishGraceMs)) {
      await guarded(ctx, result, videoId, async () => {
        const video = await getConsistent(ctx.table, videoKey(videoId));
        if (!video || str(video, A.outbox) !== state) return;
        const { published } = await driveCompleted(ctx, videoId, video, true);
        if (published.length > 0) result.republished.push(videoId);
      });
    }
  }
  const reconcileBefore = now - Math.min(options.reconcileGraceMs, stallAfterMs);
  for (const videoId of await videosWaitingIn(ctx.table, OUTBOX.reconcile, reconcileBefore)) {
    await guarded(ctx, result, videoId, () => reconcile(ctx, videoId, stallAfterMs, result, options.listingBudget ?? UNLIMITED));
  }
  return result;
}

async function reconcile(ctx: TrackingContext, videoId: string, stallAfterMs: number, result: SweepResult, budget: ListingBudget): Promise<void> {
  let video = await getConsistent(ctx.table, videoKey(videoId));
  if (!video || str(video, A.outbox) !== OUTBOX.reconcile) return;
  const listings = ctx.lister ? pausedListings(videoId, video) : [];
  for (const listing of listings) await recordCapture(ctx, listing, ctx.lister!, budget);
  if (listings.length > 0) video = (await getConsistent(ctx.table, videoKey(videoId))) ?? video;
  if (str(video, A.outbox) !== OUTBOX.reconcile) return;
  let total = totalInUse(video);
  if (total && !numberingOf(video, total.frames)) video = (await probeNumbering(ctx, videoId, total.frames)) ?? video;
  total = totalInUse(video);
  const numbering = total && !video[A.completedAt] ? numberingOf(video, total.frames) : undefined;
  let unfinished: Unfinished | undefined;
  if (numbering && video[A.base] !== undefined) {
    const collector = unfinishedCollector(requirements(ctx.layout, numbering), ctx.layout);
    video = await reconcileRange(ctx, videoId, video, numbering, { registeredOnly: false, observe: collector.observe });
    unfinished = collector;
  }
  const progress = await settle(ctx, videoId, video);
  if (progress.state === 'completed') result.completed.push(videoId);
  if (progress.state === 'completed' || progress.state === 'already-complete') return;
  result.stillIncomplete.push(videoId);
  const latest = (await getConsistent(ctx.table, videoKey(videoId))) ?? video;
  const stall = await checkStall(ctx, videoId, latest, stallAfterMs, numbering, unfinished);
  if (stall.state === 'stalled') result.stalled.push(videoId);
  await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #since = :now',
    ConditionExpression: '#outbox = :reconcile',
    ExpressionAttributeNames: { '#since': A.outboxSince, '#outbox': A.outbox },
    ExpressionAttributeValues: { ':now': N(ctx.now()), ':reconcile': S(OUTBOX.reconcile) },
  });
}

/** One video's failure is logged and reported; the sweep goes on with the others. */
async function guarded(ctx: TrackingContext, result: SweepResult, videoId: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    ctx.log.error('sweeper could not finish a video', { videoId, error: (error as Error).message });
    result.failed.push({ videoId, error: (error as Error).message });
  }
}
