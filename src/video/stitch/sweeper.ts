// The stitch sweeper, run on a schedule next to the frame accounting's: finds videos whose stitch
// step has been pending longer than its grace period through the shared sparse Outbox index, and
// re-drives that step. Every re-drive repeats idempotent work; the one-way points stay
// conditional. A step re-driven more than `maxRedrives` times in all is refused with the reason,
// so nothing is retried forever. The index is eventually consistent, so each video is read
// again (strongly) before acting.
import { N, S, num, updateIf, type Item } from '../../tracking/items';
import { videosWaitingIn } from '../../tracking/outbox-query';
import { A, videoKey } from '../../tracking/table';
import type { StitchContext } from './context';
import { continuePlan, invokeSegments } from './planner';
import { stitchPrefix } from '../segment-format';
import { publishStitch, writeRecord } from './publish';
import { refuseStitch } from './refuse';
import { deletePrefix } from './s3';
import { afterSegmentDone } from './segment-worker';
import { allSegmentsDone } from './segments';
import { SA, STITCH_OUTBOX, type StitchOutboxState } from './state';
import { clearOutbox, doneSegments, outboxOf, planIdOf, readVideo, segmentsOf } from './video-item';

export interface StitchSweepOptions {
  /** How long each state may stand before it is re-driven (ms). */
  graceMs: Record<StitchOutboxState, number>;
  /** Re-drives of the invoking states (plan, segments, join) before the stitch is refused. */
  maxRedrives: number;
}

const MINUTE = 60_000;
/**
 * Lambda retries an asynchronous invocation twice (after about 1 and 2 minutes); a segment or
 * join runs for at most its timeout (15 minutes at most). So a step is only re-driven once its
 * own attempts must have ended; the recheck waits out the longest possible invocation, so that a
 * late writer (a slow frame-accounting publisher of video.json, a segment attempt that wrote its
 * objects after the clean-up) cannot have the last word.
 */
export const DEFAULT_STITCH_SWEEP: StitchSweepOptions = {
  graceMs: {
    [STITCH_OUTBOX.plan]: 10 * MINUTE,
    [STITCH_OUTBOX.invoke]: 10 * MINUTE,
    [STITCH_OUTBOX.segments]: 60 * MINUTE,
    [STITCH_OUTBOX.join]: 60 * MINUTE,
    [STITCH_OUTBOX.publish]: 10 * MINUTE,
    [STITCH_OUTBOX.recheck]: 20 * MINUTE,
  },
  maxRedrives: 10,
};

export interface StitchSweepResult {
  redriven: { videoId: string; state: StitchOutboxState }[];
  refused: string[];
  failed: { videoId: string; error: string }[];
}

export async function sweepStitches(ctx: StitchContext, options: StitchSweepOptions = DEFAULT_STITCH_SWEEP): Promise<StitchSweepResult> {
  const result: StitchSweepResult = { redriven: [], refused: [], failed: [] };
  const now = ctx.now();
  for (const state of Object.values(STITCH_OUTBOX)) {
    for (const videoId of await videosWaitingIn(ctx.table, state, now - options.graceMs[state])) {
      try {
        const video = await readVideo(ctx, videoId);
        if (!video || outboxOf(video) !== state) continue;
        if (await redrive(ctx, videoId, video, state, options.maxRedrives)) result.redriven.push({ videoId, state });
        else result.refused.push(videoId);
      } catch (error) {
        ctx.log.error('stitch sweeper could not re-drive a video', { videoId, state, error: (error as Error).message });
        result.failed.push({ videoId, error: (error as Error).message });
      }
    }
  }
  return result;
}

/** Re-drives one video's pending step; false if it was refused for too many re-drives instead. */
async function redrive(ctx: StitchContext, videoId: string, video: Item, state: StitchOutboxState, maxRedrives: number): Promise<boolean> {
  const planId = planIdOf(video) ?? '';
  switch (state) {
    case STITCH_OUTBOX.publish:
      await publishStitch(ctx, videoId, video);
      return true;
    case STITCH_OUTBOX.recheck:
      await writeRecord(ctx, videoId, video);
      ctx.faults.step('after-recheck-json', videoId);
      // Again: a segment attempt that was running when the outcome was recorded (at most one
      // invocation's life ago) may have written its objects after the first clean-up.
      await deletePrefix(ctx.s3, ctx.bucket, stitchPrefix(videoId));
      ctx.faults.step('after-recheck-cleanup', videoId);
      await clearOutbox(ctx, videoId, STITCH_OUTBOX.recheck);
      ctx.faults.step('after-outbox-clear', videoId);
      return true;
    case STITCH_OUTBOX.invoke:
      await continuePlan(ctx, videoId, video, 'already-planned');
      return true;
    case STITCH_OUTBOX.segments:
      if (allSegmentsDone(doneSegments(video), segmentsOf(video))) {
        await afterSegmentDone(ctx, { videoId, planId }, video, true);
        return true;
      }
      break;
  }
  const bumped = await bump(ctx, videoId, state);
  if (!bumped) return true; // moved on meanwhile
  const redrives = num(bumped, SA.redrives) ?? 0;
  if (redrives > maxRedrives) {
    await refuseStitch(ctx, videoId, `the stitch gave up: its ${state} step was re-driven ${redrives - 1} times without finishing`);
    return false;
  }
  if (state === STITCH_OUTBOX.plan) await ctx.invoker.invoke({ kind: 'plan', videoId });
  else if (state === STITCH_OUTBOX.segments) await invokeSegments(ctx, videoId, bumped);
  else await ctx.invoker.invoke({ kind: 'join', videoId, planId });
  return true;
}

/** Counts a re-drive and restarts the state's clock, if the video is still in `state`. */
function bump(ctx: StitchContext, videoId: string, state: StitchOutboxState): Promise<Item | undefined> {
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #since = :now ADD #redrives :one',
    ConditionExpression: '#outbox = :state',
    ExpressionAttributeNames: { '#since': A.outboxSince, '#outbox': A.outbox, '#redrives': SA.redrives },
    ExpressionAttributeValues: { ':now': N(ctx.now()), ':one': N(1), ':state': S(state) },
  });
}
