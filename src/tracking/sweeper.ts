// The sweeper, run on a schedule: finishes what crashes left behind, found through the sparse
// Outbox index (only video items with an Outbox attribute are in it).
//  - Outbox = "publish" older than the grace period: completed, maybe never published. Publish.
//  - Outbox = "reconcile" older than its grace period: a total was recorded but the video has not
//    completed. Run the total's reconcile steps again (Expected, repair pass), then settle; if
//    frames are still missing, push OutboxSince forward so the video is looked at once a period.
// The index is eventually consistent, so each video is read again (strongly) before acting.
import type { TrackingContext } from './context';
import { N, S, getConsistent, str, updateIf } from './items';
import { videosWaitingIn } from './outbox-query';
import { publish } from './publish';
import { settle } from './settle';
import { A, OUTBOX, videoKey } from './table';
import { reconcileChunks } from './totals';

export interface SweepOptions {
  /** Publications pending for longer than this are redone (ms). */
  publishGraceMs: number;
  /** Totals recorded longer ago than this without completion are reconciled (ms). */
  reconcileGraceMs: number;
}

export interface SweepResult {
  republished: string[];
  completed: string[];
  stillIncomplete: string[];
  failed: { videoId: string; error: string }[];
}

export async function sweep(ctx: TrackingContext, options: SweepOptions): Promise<SweepResult> {
  const result: SweepResult = { republished: [], completed: [], stillIncomplete: [], failed: [] };
  const now = ctx.now();
  for (const videoId of await videosWaitingIn(ctx.table, OUTBOX.publish, now - options.publishGraceMs)) {
    await guarded(ctx, result, videoId, async () => {
      const video = await getConsistent(ctx.table, videoKey(videoId));
      if (!video || str(video, A.outbox) !== OUTBOX.publish) return;
      await publish(ctx, videoId, video);
      result.republished.push(videoId);
    });
  }
  for (const videoId of await videosWaitingIn(ctx.table, OUTBOX.reconcile, now - options.reconcileGraceMs)) {
    await guarded(ctx, result, videoId, () => reconcile(ctx, videoId, result));
  }
  return result;
}

async function reconcile(ctx: TrackingContext, videoId: string, result: SweepResult): Promise<void> {
  const video = await getConsistent(ctx.table, videoKey(videoId));
  if (!video || str(video, A.outbox) !== OUTBOX.reconcile) return;
  const progress = await settle(ctx, videoId, await reconcileChunks(ctx, videoId, video), false);
  if (progress.state === 'completed' || progress.state === 'already-complete') {
    result.completed.push(videoId);
    return;
  }
  result.stillIncomplete.push(videoId);
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
