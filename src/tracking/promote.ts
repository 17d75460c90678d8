// Promotion: a full chunk is added to its video's DoneChunks (and, if it holds frames that failed
// for good, to FailedChunks, so the completer reads only those chunks). ADD to a set is
// idempotent, so a redelivered frame may promote again: nothing changes but the answer is fresh.
import type { TrackingContext } from './context';
import type { ChunkTally } from './chunks';
import { NS, updateAllNew, type Item } from './items';
import { A, videoKey } from './table';

/** Promotes a full chunk; returns the video item after the write. */
export async function promoteChunk(ctx: TrackingContext, videoId: string, chunk: number, tally: ChunkTally): Promise<Item> {
  const withFailures = tally.failures.length > 0;
  const video = await updateAllNew(ctx.table, videoKey(videoId), {
    UpdateExpression: withFailures ? 'ADD #done :chunk, #failedChunks :chunk' : 'ADD #done :chunk',
    ExpressionAttributeNames: withFailures ? { '#done': A.doneChunks, '#failedChunks': A.failedChunks } : { '#done': A.doneChunks },
    ExpressionAttributeValues: { ':chunk': NS(chunk) },
  });
  ctx.faults.step('after-promote', videoId);
  return video;
}
