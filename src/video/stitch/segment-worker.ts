// A segment worker (one asynchronous invocation per segment, at least once, maybe twice, in any
// order): encodes its run of frames into one segment object (putSegment), records the segment
// done with an idempotent ADD to the video item's set (ALL_NEW), and, when that answer shows every
// segment done, tries the single conditional join-ready point; the worker that passes it invokes
// the join. A segment already recorded done is not encoded again.
import { N, NS, S, updateAllNew, updateIf, type Item } from '../../tracking/items';
import { A, videoKey } from '../../tracking/table';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { StitchStateError } from '../errors';
import { toFrameRate } from '../mp4/timing';
import { segmentIndexKey } from '../segment-format';
import { putSegment } from '../segment-store';
import type { StitchContext } from './context';
import { MAX_EDGE_MAP_BYTES } from './plan-decide';
import { MAX_PLAN_BYTES, parseSegmentPlan, segmentPlanKey, type SegmentPlan } from './plan-document';
import { refuseStitch } from './refuse';
import { deletePrefix, getObjectBytes } from './s3';
import { encodeSegmentFrames } from './segment-encode';
import { allSegmentsDone } from './segments';
import { SA, STITCH_OUTBOX } from './state';
import type { StitchTask } from './tasks';
import { doneSegments, outboxOf, outcomeOf, planIdOf, readVideo, segmentsOf } from './video-item';

type SegmentTask = Extract<StitchTask, { kind: 'segment' }>;

export type SegmentResult = 'encoded' | 'already-done' | 'refused' | 'finished' | 'stale';

export async function runSegment(ctx: StitchContext, task: SegmentTask): Promise<SegmentResult> {
  const { videoId, segment } = task;
  const video = await readVideo(ctx, videoId);
  if (!video || planIdOf(video) !== task.planId || segment >= segmentsOf(video)) {
    ctx.log.warn('segment for no recorded plan: dropped', { videoId, segment, planId: task.planId });
    return 'stale';
  }
  if (outcomeOf(video)) return forgetSegment(ctx, task);
  if (doneSegments(video).includes(segment)) {
    await afterSegmentDone(ctx, task, video, true);
    return 'already-done';
  }
  const plan = await readPlan(ctx, task);
  if (!plan) return forgetSegment(ctx, task);
  const first = plan.firstFrame;
  const encoded = await encodeSegmentFrames({
    first, names: plan.frames, width: plan.width, height: plan.height, qp: plan.qp, frameRate: plan.frameRate,
    fetch: (name) => getObjectBytes(ctx.s3, ctx.bucket, `${videoId}/${name}`, MAX_EDGE_MAP_BYTES),
    describe: (name) => `${videoId}/${name}`,
  });
  if (!encoded.ok) {
    await refuseStitch(ctx, videoId, encoded.reason);
    return 'refused';
  }
  await putSegment(ctx.s3, ctx.bucket, {
    videoId, segment, firstFrame: first, frameRate: toFrameRate(plan.frameRate), parameterSets: encoded.parameterSets, samples: encoded.samples,
  });
  ctx.faults.step('after-segment-put', videoId);
  const after = await recordDone(ctx, task);
  if (!after) return 'stale';
  ctx.faults.step('after-segment-done', videoId);
  if (outcomeOf(after)) return forgetSegment(ctx, task);
  await afterSegmentDone(ctx, task, after, false);
  return 'encoded';
}

/**
 * A worker of a video that has its outcome: deletes whatever this segment may have written (now,
 * or in an earlier attempt that died before recording it), which the publication's clean-up may
 * have missed. The join no longer needs any segment once the outcome is recorded.
 */
async function forgetSegment(ctx: StitchContext, task: SegmentTask): Promise<SegmentResult> {
  await deletePrefix(ctx.s3, ctx.bucket, segmentIndexKey(task.videoId, task.segment).replace(/json$/, ''));
  return 'finished';
}

/** This segment's slice of the plan the item names; undefined if the video finished meanwhile (the plan deleted). */
async function readPlan(ctx: StitchContext, task: SegmentTask): Promise<SegmentPlan | undefined> {
  const key = segmentPlanKey(task.videoId, task.planId, task.segment);
  const bytes = await getObjectBytes(ctx.s3, ctx.bucket, key, MAX_PLAN_BYTES);
  if (bytes) return parseSegmentPlan(bytes, task.videoId, task.planId, task.segment);
  if (outcomeOf(await readVideo(ctx, task.videoId))) return undefined;
  throw new StitchStateError('is missing, yet the video item names its plan and has no outcome', key);
}

/** ADD the segment to the done set, if the item still holds this plan; the item after, or undefined. */
async function recordDone(ctx: StitchContext, task: SegmentTask): Promise<Item | undefined> {
  try {
    return await updateAllNew(ctx.table, videoKey(task.videoId), {
      UpdateExpression: 'ADD #done :segment',
      ConditionExpression: '#planId = :planId',
      ExpressionAttributeNames: { '#done': SA.done, '#planId': SA.planId },
      ExpressionAttributeValues: { ':segment': NS(task.segment), ':planId': S(task.planId) },
    });
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/**
 * With every segment done and no outcome yet: the join-ready point (once per video), whose
 * winner invokes the join. A redelivered worker (its segment was already done when it started)
 * invokes the join again if the point was passed but the join may never have been invoked.
 */
export async function afterSegmentDone(ctx: StitchContext, task: { videoId: string; planId: string }, video: Item, redelivered: boolean): Promise<void> {
  if (outcomeOf(video) || !allSegmentsDone(doneSegments(video), segmentsOf(video))) return;
  const won = await updateIf(ctx.table, videoKey(task.videoId), {
    UpdateExpression: 'SET #ready = :now, #outbox = :join, #since = :now',
    ConditionExpression: 'attribute_not_exists(#ready) AND attribute_not_exists(#outcome)',
    ExpressionAttributeNames: { '#ready': SA.joinReadyAt, '#outcome': SA.outcome, '#outbox': A.outbox, '#since': A.outboxSince },
    ExpressionAttributeValues: { ':now': N(ctx.now()), ':join': S(STITCH_OUTBOX.join) },
  });
  if (won) ctx.faults.step('after-join-ready', task.videoId);
  if (!won && !(redelivered && outboxOf(video) === STITCH_OUTBOX.join)) return;
  await ctx.invoker.invoke({ kind: 'join', videoId: task.videoId, planId: task.planId });
  ctx.faults.step('after-join-invoke', task.videoId);
}
