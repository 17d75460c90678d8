// The planner, run on a video's "Video Frames Processed" or "Video Frames Updated" event (and by
// the sweeper): decides the plan, records it ONCE per record version on the video item with a
// conditional write that also takes the video's outbox (stitch-invoke), invokes one segment
// worker per segment, then moves the outbox to stitch-segments. Re-planning a planned video
// re-reads the recorded plan and only finishes what is pending: invoking is repeated (duplicates
// are harmless), deciding and recording never are. A correction's new version (a failed frame
// processed later) is stitched again: its plan write replaces the finished stitch's attributes,
// so the edge video no longer shows a fill where the frame now has its edge map.
import { N, S, num, updateIf, type Item } from '../../tracking/items';
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
  const version = num(video, A.version) ?? 1;
  if (video[SA.plannedAt] || video[SA.outcome]) {
    // A stitch still running finishes first; its last step hands a newer version back here.
    if (stitchedVersion(video) >= version || !video[SA.outcome]) return continuePlan(ctx, videoId, video, 'already-planned');
    const outbox = outboxOf(video);
    if (outbox !== STITCH_OUTBOX.plan && outbox !== OUTBOX.publish) return continuePlan(ctx, videoId, video, 'already-planned');
  }
  const decision = await decidePlan(ctx, videoId, video);
  const recorded = await recordPlan(ctx, videoId, decision, version);
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

/** The record version the item's stitch was made for (1 for one made before versions existed). */
function stitchedVersion(video: Item): number {
  return num(video, SA.version) ?? 1;
}

/**
 * The one plan write per record version: on a completed video that has no stitch, or whose
 * finished stitch was for an older version (its attributes are removed by the same write), and
 * whose outbox is free or the frame accounting's.
 */
function recordPlan(ctx: StitchContext, videoId: string, decision: PlanDecision, version: number): Promise<Item | undefined> {
  const now = ctx.now();
  const set = planAttributes(decision, now);
  const attributes = Object.entries(set);
  const names: Record<string, string> = {
    '#planned': SA.plannedAt, '#completed': A.completedAt, '#outbox': A.outbox, '#since': A.outboxSince, '#outcome': SA.outcome, '#version': SA.version,
  };
  const values: Item = {
    ':now': N(now), ':published': S(OUTBOX.publish), ':handed': S(STITCH_OUTBOX.plan), ':version': N(version),
    ':state': S(decision.kind === 'plan' ? STITCH_OUTBOX.invoke : STITCH_OUTBOX.publish),
  };
  attributes.forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
  });
  const stale = Object.values(SA).filter((name) => !(name in set) && name !== SA.plannedAt && name !== SA.version && name !== SA.outcome);
  stale.forEach((name, i) => (names[`#r${i}`] = name));
  const removeOutcome = !(SA.outcome in set);
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression:
      `SET #planned = :now, #version = :version, ${attributes.map((_, i) => `#a${i} = :a${i}`).join(', ')}, #outbox = :state, #since = :now ` +
      `REMOVE ${[...stale.map((_, i) => `#r${i}`), ...(removeOutcome ? ['#outcome'] : [])].join(', ')}`,
    ConditionExpression:
      'attribute_exists(#completed) AND ((attribute_not_exists(#planned) AND attribute_not_exists(#outcome)) OR (attribute_exists(#outcome) AND (attribute_not_exists(#version) OR #version < :version))) ' +
      'AND (attribute_not_exists(#outbox) OR #outbox IN (:published, :handed))',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/** Finishes what the recorded plan still needs from the planner: publishing, or invoking. */
export async function continuePlan(ctx: StitchContext, videoId: string, video: Item, state: 'planned' | 'already-planned'): Promise<PlanResult> {
  const outcome = outcomeOf(video);
  if (outcome) {
    await publishStitch(ctx, videoId, video);
    // Handed on again with this version stitched already (a correction that changed nothing):
    // video.json gets its edgeVideo section back through the recheck, which then clears the outbox.
    if (outboxOf(video) === STITCH_OUTBOX.plan) await moveOutbox(ctx, videoId, STITCH_OUTBOX.plan, STITCH_OUTBOX.recheck);
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
