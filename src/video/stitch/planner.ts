// The planner, run on a video's "Video Frames Processed" event (and by the sweeper): decides the
// plan, records it ONCE on the video item with a conditional write that also takes the video's
// outbox (stitch-invoke), invokes one segment worker per segment, then moves the outbox to
// stitch-segments. Re-planning a planned video re-reads the recorded plan and only finishes what
// is pending: invoking is repeated (duplicates are harmless), deciding and recording never are.
import { N, S, updateIf, type Item } from '../../tracking/items';
import { A, OUTBOX, videoKey } from '../../tracking/table';
import { StitchStateError } from '../errors';
import type { StitchContext } from './context';
import { decidePlan, type PlanDecision } from './plan-decide';
import { publishStitch } from './publish';
import { fillRunsItem, MAX_STORED_FILL_RUNS } from './record';
import { mapWithLimit } from '../segment-store';
import { afterSegmentDone } from './segment-worker';
import { SA, STITCH_OUTBOX } from './state';
import { doneSegments, moveOutbox, outboxOf, outcomeOf, planIdOf, readVideo, segmentsOf } from './video-item';

/** Segment invocations in flight at once (each is one small Lambda API call). */
const INVOKE_CONCURRENCY = 8;

export type PlanResult =
  | { state: 'planned' | 'already-planned'; planId: string; segments: number; invoked: number }
  /** The video's outcome is recorded (by this plan, or earlier): created, refused or none. */
  | { state: 'finished'; outcome: string }
  | { state: 'not-complete' };

export async function planStitch(ctx: StitchContext, videoId: string): Promise<PlanResult> {
  const video = await readVideo(ctx, videoId);
  if (!video?.[A.completedAt]) {
    ctx.log.warn('stitch planner: the video is not complete: nothing to plan', { videoId });
    return { state: 'not-complete' };
  }
  if (video[SA.plannedAt] || video[SA.outcome]) return continuePlan(ctx, videoId, video, 'already-planned');
  const decision = await decidePlan(ctx, videoId, video);
  const recorded = await recordPlan(ctx, videoId, decision);
  if (!recorded) {
    const latest = await readVideo(ctx, videoId);
    if (!latest?.[SA.plannedAt] && !latest?.[SA.outcome]) {
      throw new StitchStateError(`the plan was not recorded: the outbox holds ${JSON.stringify(outboxOf(latest))}`, videoId);
    }
    return continuePlan(ctx, videoId, latest, 'already-planned');
  }
  ctx.faults.step('after-plan-write', videoId);
  const details = decision.kind === 'plan' ? { planId: decision.planId, segments: decision.plan.segments, fills: decision.fills } : { reason: decision.reason };
  ctx.log.info('edge video planned', { videoId, decision: decision.kind, ...details });
  return continuePlan(ctx, videoId, recorded, 'planned');
}

/** What the plan write sets besides StitchPlannedAt and the outbox: the plan, or the outcome without one. */
function planAttributes(decision: PlanDecision, now: number): Item {
  if (decision.kind !== 'plan') return { [SA.outcome]: S(decision.kind), [SA.reason]: S(decision.reason), [SA.outcomeAt]: N(now) };
  const { plan, planId, runs, fills } = decision;
  return {
    [SA.planId]: S(planId), [SA.segments]: N(plan.segments), [SA.segmentFrames]: N(plan.segmentFrames), [SA.qp]: N(plan.qp),
    [SA.width]: N(plan.width), [SA.height]: N(plan.height), [SA.fillCount]: N(fills), [SA.fills]: fillRunsItem(runs),
    [SA.fillsTruncated]: { BOOL: runs.length > MAX_STORED_FILL_RUNS },
  };
}

/** The one plan write: only on a completed, unplanned video whose outbox is free or the frame accounting's. */
function recordPlan(ctx: StitchContext, videoId: string, decision: PlanDecision): Promise<Item | undefined> {
  const now = ctx.now();
  const attributes = Object.entries(planAttributes(decision, now));
  const names: Record<string, string> = { '#planned': SA.plannedAt, '#completed': A.completedAt, '#outbox': A.outbox, '#since': A.outboxSince, '#outcome': SA.outcome };
  const values: Item = {
    ':now': N(now), ':published': S(OUTBOX.publish), ':handed': S(STITCH_OUTBOX.plan),
    ':state': S(decision.kind === 'plan' ? STITCH_OUTBOX.invoke : STITCH_OUTBOX.publish),
  };
  attributes.forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
  });
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: `SET #planned = :now, ${attributes.map((_, i) => `#a${i} = :a${i}`).join(', ')}, #outbox = :state, #since = :now`,
    ConditionExpression:
      'attribute_exists(#completed) AND attribute_not_exists(#planned) AND attribute_not_exists(#outcome) AND (attribute_not_exists(#outbox) OR #outbox IN (:published, :handed))',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/** Finishes what the recorded plan still needs from the planner: publishing, or invoking. */
export async function continuePlan(ctx: StitchContext, videoId: string, video: Item, state: 'planned' | 'already-planned'): Promise<PlanResult> {
  const outcome = outcomeOf(video);
  if (outcome) {
    await publishStitch(ctx, videoId, video);
    return { state: 'finished', outcome };
  }
  const planId = planIdOf(video) ?? '';
  const segments = segmentsOf(video);
  if (outboxOf(video) !== STITCH_OUTBOX.invoke) return { state, planId, segments, invoked: 0 };
  const invoked = await invokeSegments(ctx, videoId, video);
  const moved = await moveOutbox(ctx, videoId, STITCH_OUTBOX.invoke, STITCH_OUTBOX.segments);
  ctx.faults.step('after-invoked-write', videoId);
  // Every segment finished while the outbox still said "invoke" (the join-ready point would have
  // moved it): the worker that completed the set may have died before the point; try it here.
  if (moved) await afterSegmentDone(ctx, { videoId, planId }, moved, false);
  return { state, planId, segments, invoked };
}

/** Invokes every segment not yet done (at least once each; a repeat is a harmless duplicate). */
export async function invokeSegments(ctx: StitchContext, videoId: string, video: Item): Promise<number> {
  const planId = planIdOf(video) ?? '';
  const done = new Set(doneSegments(video));
  const pending = Array.from({ length: segmentsOf(video) }, (_, segment) => segment).filter((segment) => !done.has(segment));
  await mapWithLimit(pending, INVOKE_CONCURRENCY, async (segment) => {
    await ctx.invoker.invoke({ kind: 'segment', videoId, planId, segment });
    ctx.faults.step('after-segment-invoke', videoId);
  });
  return pending.length;
}
