// Recording a video's total, from any source, and reconciling its chunks with it.
//
// 1. One conditional write on the video item sets TotalFrames (if absent or equal), FrameRate,
//    TotalSource, TotalAt, and the outbox marker Outbox = "reconcile" (so that, whatever happens
//    next, the sweeper finds the video again until it completes). A different total recorded
//    earlier is a TotalConflictError: logged by the caller, nothing changed.
// 2. The last chunk learns its size: SET Expected. Its answer (ALL_NEW) says whether it is full.
// 3. Repair pass: every chunk not yet in DoneChunks is read (strongly consistent) and promoted if
//    full. Not needed when nothing was lost (see settle.ts for why), it finds again a promotion
//    that a crash lost for good, e.g. a frame whose every retry died between its two writes.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { chunkCount, expectedSize, tallyChunk } from './chunks';
import type { TrackingContext } from './context';
import { TotalConflictError } from './errors';
import { N, S, batchGetConsistent, getConsistent, num, numSet, str, updateAllNew, type Item } from './items';
import type { VideoTotal } from './manifest';
import { promoteChunk } from './promote';
import { A, OUTBOX, chunkKey, videoKey } from './table';

/** Step 1. Returns the video item with the total recorded (by this call or an earlier one). */
export async function writeTotal(ctx: TrackingContext, total: VideoTotal): Promise<Item> {
  const now = ctx.now();
  let video: Item | undefined;
  try {
    video = await updateAllNew(ctx.table, videoKey(total.videoId), {
      UpdateExpression: 'SET #total = :total, #rate = :rate, #source = :source, #at = :now, #outbox = :reconcile, #since = :now',
      ConditionExpression: 'attribute_not_exists(#at) AND attribute_not_exists(#completed) AND (attribute_not_exists(#total) OR #total = :total)',
      ExpressionAttributeNames: {
        '#total': A.total, '#rate': A.frameRate, '#source': A.totalSource, '#at': A.totalAt,
        '#outbox': A.outbox, '#since': A.outboxSince, '#completed': A.completedAt,
      },
      ExpressionAttributeValues: {
        ':total': N(total.totalFrames), ':rate': N(total.frameRate), ':source': S(total.source), ':now': N(now), ':reconcile': S(OUTBOX.reconcile),
      },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Recorded before (a redelivery, another source, or completed): equal is fine, else refused.
    video = await getConsistent(ctx.table, videoKey(total.videoId));
    const recorded = num(video, A.total);
    if (recorded !== total.totalFrames) {
      throw new TotalConflictError(
        `total ${total.totalFrames} from ${total.source} refused: ${recorded ?? 'none'} already recorded from ${str(video, A.totalSource) ?? 'another writer'}`,
        total.videoId,
      );
    }
  }
  ctx.faults.step('after-total-write', total.videoId);
  return video ?? {};
}

/** Steps 2 and 3 for a video whose total is recorded. Returns the latest video item seen. */
export async function reconcileChunks(ctx: TrackingContext, videoId: string, video: Item): Promise<Item> {
  const total = num(video, A.total);
  if (total === undefined || total === 0 || video[A.completedAt]) return video;
  const size = ctx.chunkSize;
  const last = chunkCount(total, size) - 1;
  const lastChunk = await updateAllNew(ctx.table, chunkKey(videoId, last), {
    UpdateExpression: 'SET #expected = :expected',
    ExpressionAttributeNames: { '#expected': A.expected },
    ExpressionAttributeValues: { ':expected': N(expectedSize(last, total, size)) },
  });
  ctx.faults.step('after-expected-write', videoId);
  const done = new Set(numSet(video, A.doneChunks));
  const toRead: number[] = [];
  for (let chunk = 0; chunk < last; chunk++) if (!done.has(chunk)) toRead.push(chunk);
  const items = toRead.length > 0 ? await batchGetConsistent(ctx.table, toRead.map((chunk) => chunkKey(videoId, chunk))) : new Map<string, Item>();
  if (toRead.length > 0) ctx.faults.step('after-repair-read', videoId);
  let latest = video;
  for (const chunk of [...toRead, last]) {
    const item = chunk === last ? lastChunk : items.get(chunkKey(videoId, chunk));
    const tally = tallyChunk(item, chunk, size, total);
    if (tally.full && (chunk !== last || !done.has(last))) latest = await promoteChunk(ctx, videoId, chunk, tally);
  }
  return latest;
}
