// What the planner decides for a completed video, before anything is recorded on its item:
// either a plan (segments, fills, the frames' size; its slices written to S3, one per segment) or
// no edge video with the reason (no frames, no edge map at all, a first edge map that cannot be
// read). The planner holds one name per frame (about 60 bytes each).
import type { Item } from '../../tracking/items';
import { num } from '../../tracking/items';
import { DEFAULT_FRAME_RATE } from '../../tracking/manifest';
import { A } from '../../tracking/table';
import { EdgeMapError } from '../errors';
import type { StitchContext } from './context';
import { edgeMapSize, listEdgeMaps } from './edge-maps';
import { applyFills, fillCount, fillRuns, type FillRun } from './fills';
import { mapWithLimit } from '../segment-store';
import { planSlices, segmentPlanKey, type StitchPlan } from './plan-document';
import { getObjectBytes, putText } from './s3';
import { segmentCount, segmentFramesFor } from './segments';

/** Plan slices written at once. */
const PUT_CONCURRENCY = 8;
/** An edge map is a few hundred KB; anything this big is not one. */
export const MAX_EDGE_MAP_BYTES = 64 * 1024 * 1024;

export type PlanDecision =
  | { kind: 'plan'; plan: StitchPlan; planId: string; runs: FillRun[]; fills: number }
  | { kind: 'refused' | 'none'; reason: string };

export async function decidePlan(ctx: StitchContext, videoId: string, video: Item): Promise<PlanDecision> {
  const total = num(video, A.total) ?? 0;
  const base = num(video, A.base) === 1 ? 1 : 0;
  const frameRate = num(video, A.frameRate) ?? DEFAULT_FRAME_RATE;
  if (total === 0) return { kind: 'none', reason: 'the video has no frames' };
  const listing = await listEdgeMaps(ctx.s3, ctx.bucket, videoId, { base, total }, ctx.frameKeys);
  const runs = fillRuns(listing.names);
  if (!runs) return { kind: 'none', reason: `none of its ${total} frames has an edge map in the output bucket: every frame failed` };
  const frames = applyFills(listing.names, runs);
  const firstKey = `${videoId}/${frames[0]}`;
  const first = await getObjectBytes(ctx.s3, ctx.bucket, firstKey, MAX_EDGE_MAP_BYTES);
  if (!first) throw new EdgeMapError('was listed a moment ago and is gone: the folder is changing while the video is planned', firstKey);
  let size: { width: number; height: number };
  try {
    size = edgeMapSize(first, firstKey);
  } catch (error) {
    if (error instanceof EdgeMapError) return { kind: 'refused', reason: `frame ${base}'s edge map ${error.message}` };
    throw error;
  }
  const segmentFrames = segmentFramesFor(total, ctx.settings.segmentFrames);
  const plan: StitchPlan = {
    videoId, totalFrames: total, frameRate, segmentFrames, segments: segmentCount(total, segmentFrames),
    width: size.width, height: size.height, qp: ctx.settings.qp, frames,
  };
  const { planId, slices } = planSlices(plan);
  const numbers = slices.map((_, segment) => segment);
  await mapWithLimit(numbers, PUT_CONCURRENCY, (segment) => putText(ctx.s3, ctx.bucket, segmentPlanKey(videoId, planId, segment), slices[segment], 'application/json'));
  ctx.faults.step('after-plan-object', videoId);
  if (listing.duplicates > 0) ctx.log.warn('frames with more than one edge map: the first name in key order is used', { videoId, duplicates: listing.duplicates });
  return { kind: 'plan', plan, planId, runs, fills: fillCount(runs) };
}
