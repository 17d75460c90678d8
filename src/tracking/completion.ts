// The single completion point: one conditional write on the video item,
//   SET CompletedAt, Status, ProcessedFrames, FailedFrameCount, FailedFrames, Outbox = "publish"
//       (and BlurMethod, where the tracker knows the deployment's)
//   IF attribute_not_exists(CompletedAt)
// Exactly one caller's write succeeds, whatever the number of frames, totals and redeliveries that
// find the video complete at the same time. The write freezes the record's content (so every
// publication is the same bytes) and puts the video in the outbox in the same request, so a
// crash right after it cannot lose the publication.
import { chunkCount, tallyChunk, type FrameFailure } from './chunks';
import type { TrackingContext } from './context';
import { N, S, batchGetConsistent, num, numSet, updateIf, type Item } from './items';
import { A, OUTBOX, chunkKey, videoKey } from './table';

/** Failed frames listed in the record at most (the count is always exact). */
export const MAX_LISTED_FAILURES = 1000;
/** Bytes of failed-frame keys and reasons listed at most (the item must stay under 400 KB). */
export const MAX_LISTED_FAILURE_BYTES = 100_000;

export type CompletionStatus = 'complete' | 'complete_with_failures';

/**
 * Tries to complete a video whose chunks are all done. Returns the completed item if this call
 * completed it, undefined if another caller did first.
 */
export async function complete(ctx: TrackingContext, videoId: string, video: Item): Promise<Item | undefined> {
  const total = num(video, A.total) ?? 0;
  const failures = await readFailures(ctx, videoId, video, total);
  const listed = listable(failures);
  const now = ctx.now();
  const method = ctx.blurMethod === undefined ? undefined : { name: { '#method': A.blurMethod }, value: { ':method': S(ctx.blurMethod) } };
  const completed = await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression:
      'SET #completed = :now, #status = :status, #processed = :processed, #failedCount = :failedCount, ' +
      `#failedKeys = :failedKeys, #truncated = :truncated, #outbox = :publish, #since = :now${method ? ', #method = :method' : ''}`,
    ConditionExpression: 'attribute_not_exists(#completed)',
    ExpressionAttributeNames: {
      '#completed': A.completedAt, '#status': A.status, '#processed': A.processed, '#failedCount': A.failedCount,
      '#failedKeys': A.failedKeys, '#truncated': A.failedKeysTruncated, '#outbox': A.outbox, '#since': A.outboxSince,
      ...method?.name,
    },
    ExpressionAttributeValues: {
      ':now': N(now),
      ':status': S(failures.length > 0 ? 'complete_with_failures' : 'complete'),
      ':processed': N(total - failures.length),
      ':failedCount': N(failures.length),
      ':failedKeys': { L: listed.map((failure) => ({ M: { Index: N(failure.index), Key: S(failure.key), Reason: S(failure.reason) } })) },
      ':truncated': { BOOL: listed.length < failures.length },
      ':publish': S(OUTBOX.publish),
      ...method?.value,
    },
  });
  if (completed) ctx.faults.step('after-complete', videoId);
  return completed;
}

/** The frames that failed for good, in index order, from the chunks promoted with failures. */
async function readFailures(ctx: TrackingContext, videoId: string, video: Item, total: number): Promise<FrameFailure[]> {
  const count = chunkCount(total, ctx.chunkSize);
  const chunks = numSet(video, A.failedChunks).filter((chunk) => chunk < count).sort((a, b) => a - b);
  if (chunks.length === 0) return [];
  const items = await batchGetConsistent(ctx.table, chunks.map((chunk) => chunkKey(videoId, chunk)));
  ctx.faults.step('after-failed-read', videoId);
  return chunks.flatMap((chunk) => tallyChunk(items.get(chunkKey(videoId, chunk)), chunk, ctx.chunkSize, total).failures);
}

function listable(failures: FrameFailure[]): FrameFailure[] {
  let bytes = 0;
  const listed: FrameFailure[] = [];
  for (const failure of failures) {
    bytes += failure.key.length + failure.reason.length + 16;
    if (listed.length >= MAX_LISTED_FAILURES || bytes > MAX_LISTED_FAILURE_BYTES) break;
    listed.push(failure);
  }
  return listed;
}
