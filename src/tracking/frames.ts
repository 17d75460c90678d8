// The per-frame path: one UpdateItem on the frame's chunk item, which answers with the whole
// chunk (ALL_NEW). Only what that answer shows leads to more writes, each rare:
//  - the frame is its chunk's first: registration in its group (promote.ts);
//  - the frame is number 0, or the number a total marked on the chunk: the numbering's evidence
//    is flagged on the video item (settle.ts decides the base from it);
//  - a processed frame that had been recorded failed: the recovery is counted on the video item
//    (a completed video's record is then corrected);
//  - the chunk is whole (or, at an edge of the range, all of its bounds are in): promotion.
// A failed frame first writes its key and reason to its own item, so the chunk item stays small.
// The video item's last answer is settled (settle.ts): it is later than any other answer this
// frame got, so it shows everything they showed.
import { chunkCoverage, chunkWhole, viewChunk, type ChunkView } from './chunks';
import type { TrackingContext } from './context';
import { BOOL, N, NS, S, num, str, updateAllNew, type Item } from './items';
import { cover, promoteChunk, registerChunk } from './promote';
import { chunkOf } from './ranges';
import { settle, type VideoProgress } from './settle';
import { A, C, F, OUTBOX, chunkKey, failureKey, videoKey } from './table';

/** A failure reason is kept to this many characters (the failure item stays small). */
export const MAX_REASON_LENGTH = 200;

/**
 * A chunk is registered by its first frame's write (the one whose answer holds one frame), so
 * frames racing into a new chunk register it once. A chunk still unregistered this long after its
 * first frame lost its registration to a crash: the next frame to arrive registers it.
 */
export const REGISTRATION_REPAIR_MS = 10_000;

export interface FrameRef {
  videoId: string;
  index: number;
  /** The frame's S3 key (kept for failed frames, to list them in the record). */
  key: string;
}

export interface FrameOutcome {
  videoId: string;
  index: number;
  chunk: number;
  /** Frames of the chunk accounted for (processed or failed for good) after this write. */
  chunkFrames: number;
  /** Frames the chunk holds: its bounds at an edge of the range, else the chunk size. */
  chunkExpected: number;
  /** The chunk was whole, or all of its bounds were in, after this write (so it was promoted). */
  chunkFull: boolean;
  /** The video's state after this frame's writes to it; absent when there were none. */
  video?: VideoProgress;
}

/** Accounts for a processed frame (`failure` absent) or one failed for good. Safe to repeat. */
export async function recordFrame(ctx: TrackingContext, frame: FrameRef, failure?: string): Promise<FrameOutcome> {
  const { videoId, index } = frame;
  const chunk = chunkOf(index, ctx.layout);
  const offset = index - chunk * ctx.layout.chunkSize;
  const now = N(ctx.now());
  if (failure !== undefined) {
    await updateAllNew(ctx.table, failureKey(videoId, index), {
      UpdateExpression: 'SET #key = :key, #reason = :reason, #at = :now',
      ExpressionAttributeNames: { '#key': F.key, '#reason': F.reason, '#at': F.at },
      ExpressionAttributeValues: { ':key': S(frame.key), ':reason': S(failure.slice(0, MAX_REASON_LENGTH)), ':now': now },
    });
    ctx.faults.step('after-failure-item', videoId);
  }
  const item = await updateAllNew(ctx.table, chunkKey(videoId, chunk), {
    UpdateExpression: 'ADD #set :offset SET #updated = :now, #first = if_not_exists(#first, :now)',
    ExpressionAttributeNames: { '#set': failure === undefined ? C.frames : C.failed, '#updated': C.updatedAt, '#first': C.firstAt },
    ExpressionAttributeValues: { ':offset': NS(offset), ':now': now },
  });
  ctx.faults.step(failure === undefined ? 'after-chunk-add' : 'after-failed-add', videoId);
  const view = viewChunk(item, chunk);
  const { video, enteredOutboxAt } = await followUp(ctx, frame, view, offset, failure === undefined);
  const whole = chunkWhole(view, ctx.layout);
  const outcome: FrameOutcome = {
    videoId, index, chunk, chunkFrames: view.present.size, chunkExpected: view.bounds ? view.bounds.hi - view.bounds.lo : ctx.layout.chunkSize,
    chunkFull: whole || chunkCoverage(view) !== undefined,
  };
  return video ? { ...outcome, video: await settle(ctx, videoId, video, { enteredOutboxAt }) } : outcome;
}

/**
 * The writes the chunk's answer calls for; the video item's last answer, if any was written, and
 * the time this frame put the video into the outbox (`correct`), if it did.
 */
async function followUp(ctx: TrackingContext, frame: FrameRef, view: ChunkView, offset: number, processed: boolean): Promise<{ video?: Item; enteredOutboxAt?: number }> {
  const { videoId, index } = frame;
  let video: Item | undefined;
  let enteredOutboxAt: number | undefined;
  const latest = (item: Item | undefined) => (video = item ?? video);
  if (!view.registered && (view.present.size === 1 || ctx.now() - (view.firstAt ?? 0) >= REGISTRATION_REPAIR_MS)) latest(await registerChunk(ctx, videoId, view.chunk));
  if (index === 0) latest(await flag(ctx, videoId, A.zeroSeen, BOOL(true)));
  if (view.top === index) latest(await flag(ctx, videoId, A.topSeen, N(index)));
  if (processed && view.failedEver.has(offset)) {
    const at = ctx.now();
    const signalled = latest(await signalRecovery(ctx, videoId, at));
    if (str(signalled, A.outbox) === OUTBOX.correct && num(signalled, A.outboxSince) === at) enteredOutboxAt = at;
  }
  if (chunkWhole(view, ctx.layout)) latest(await promoteChunk(ctx, videoId, view));
  const token = chunkCoverage(view);
  if (token) latest(await cover(ctx, videoId, token));
  return { video, enteredOutboxAt };
}

async function flag(ctx: TrackingContext, videoId: string, attribute: string, value: Item[string]): Promise<Item> {
  const video = await updateAllNew(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #flag = :value',
    ExpressionAttributeNames: { '#flag': attribute },
    ExpressionAttributeValues: { ':value': value },
  });
  ctx.faults.step('after-numbering-flag', videoId);
  return video;
}

/**
 * Counts, on the video item, a frame that was recorded failed and is now processed. A completer
 * conditions its write on this count (completion.ts), and a completed video whose count moved on
 * from the one its record was made with is corrected (corrections.ts). The same write puts a
 * video whose outbox is free into `correct`, so a crash right after it loses no correction.
 */
async function signalRecovery(ctx: TrackingContext, videoId: string, now: number): Promise<Item> {
  const video = await updateAllNew(ctx.table, videoKey(videoId), {
    UpdateExpression: 'ADD #recoveries :one SET #outbox = if_not_exists(#outbox, :correct), #since = if_not_exists(#since, :now)',
    ExpressionAttributeNames: { '#recoveries': A.recoveries, '#outbox': A.outbox, '#since': A.outboxSince },
    ExpressionAttributeValues: { ':one': N(1), ':correct': S(OUTBOX.correct), ':now': N(now) },
  });
  ctx.faults.step('after-recovery-signal', videoId);
  return video;
}
