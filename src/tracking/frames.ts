// The per-frame path: one UpdateItem on the frame's chunk item, which answers with the whole
// chunk (ALL_NEW); only if that answer shows the chunk full does a second write promote it.
// Processed and failed frames take the same path; a frame in both counts once, as processed.
import { chunkOf, failureAttribute, tallyChunk } from './chunks';
import type { TrackingContext } from './context';
import { N, NS, S, updateAllNew } from './items';
import { promoteChunk } from './promote';
import { settle, type VideoProgress } from './settle';
import { A, chunkKey } from './table';

/** A failure reason is kept to this many characters (the chunk item must stay small). */
export const MAX_REASON_LENGTH = 200;

export interface FrameRef {
  videoId: string;
  index: number;
  /** The frame's S3 key (kept for failed frames, to list them in the completion record). */
  key: string;
}

export interface FrameOutcome {
  videoId: string;
  index: number;
  chunk: number;
  /** Frames of the chunk accounted for (processed or failed for good) after this write. */
  chunkFrames: number;
  /** Frames the chunk holds (the last chunk's Expected once the total is known, else the chunk size). */
  chunkExpected: number;
  /** The chunk was full after this write (so it was promoted). */
  chunkFull: boolean;
  /** The video's state after the promotion; absent when the chunk was not full. */
  video?: VideoProgress;
}

/** Accounts for a processed frame. Safe to repeat: a redelivery changes nothing but may finish the work. */
export async function recordFrame(ctx: TrackingContext, frame: FrameRef): Promise<FrameOutcome> {
  const chunk = chunkOf(frame.index, ctx.chunkSize);
  const now = ctx.now();
  const item = await updateAllNew(ctx.table, chunkKey(frame.videoId, chunk), {
    UpdateExpression: 'ADD #frames :index SET #updated = :now, #first = if_not_exists(#first, :now)',
    ExpressionAttributeNames: { '#frames': A.frames, '#updated': A.updatedAt, '#first': A.firstAt },
    ExpressionAttributeValues: { ':index': NS(frame.index), ':now': N(now) },
  });
  ctx.faults.step('after-chunk-add', frame.videoId);
  return afterChunkWrite(ctx, frame, chunk, item);
}

/** Accounts for a frame that failed for good (its reason and key are kept for the record). */
export async function recordFailedFrame(ctx: TrackingContext, frame: FrameRef, reason: string): Promise<FrameOutcome> {
  const chunk = chunkOf(frame.index, ctx.chunkSize);
  const now = ctx.now();
  const failure = { M: { Key: S(frame.key), Reason: S(reason.slice(0, MAX_REASON_LENGTH)) } };
  const item = await updateAllNew(ctx.table, chunkKey(frame.videoId, chunk), {
    UpdateExpression: 'ADD #failed :index SET #failure = :failure, #updated = :now, #first = if_not_exists(#first, :now)',
    ExpressionAttributeNames: { '#failed': A.failed, '#failure': failureAttribute(frame.index), '#updated': A.updatedAt, '#first': A.firstAt },
    ExpressionAttributeValues: { ':index': NS(frame.index), ':failure': failure, ':now': N(now) },
  });
  ctx.faults.step('after-failed-add', frame.videoId);
  return afterChunkWrite(ctx, frame, chunk, item);
}

async function afterChunkWrite(ctx: TrackingContext, frame: FrameRef, chunk: number, item: Parameters<typeof tallyChunk>[0]): Promise<FrameOutcome> {
  const tally = tallyChunk(item, chunk, ctx.chunkSize);
  const chunkFrames = tally.processed + tally.failures.length;
  const outcome: FrameOutcome = { videoId: frame.videoId, index: frame.index, chunk, chunkFrames, chunkExpected: tally.expected, chunkFull: tally.full };
  if (!tally.full) return outcome;
  const video = await promoteChunk(ctx, frame.videoId, chunk, tally);
  return { ...outcome, video: await settle(ctx, frame.videoId, video) };
}
