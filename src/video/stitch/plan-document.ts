// The plan in S3: one small object per segment, `<videoId>/.stitch/plan-<planId>/segment-NNNNN.json`,
// holding what that segment's worker needs and nothing more: which edge map each of its frames
// shows (fills applied), the size every frame must have, the frame rate and the QP. A worker reads
// only its own slice, so its memory does not grow with the video. The plan id is a hash of all
// slices: two planners that list the same folder write the same objects, and the id recorded on
// the video item names exactly the bytes the segments read.
//
// Format "frame-processor/stitch-segment-plan", version 1: videoId, segment, segments,
// totalFrames, firstFrame, frameRate (frames/s), width, height (edge map size), qp, frames (edge
// map names relative to `<videoId>/`, one per frame of the segment, in order).
import { createHash } from 'node:crypto';
import { StitchStateError } from '../errors';
import { stitchPrefix } from '../segment-format';
import { segmentRange } from './segments';

export const PLAN_FORMAT = 'frame-processor/stitch-segment-plan';
export const PLAN_VERSION = 1;
/** A slice of 100,000 frames of 30-character names is about 3.5 MB: the cap is far above any. */
export const MAX_PLAN_BYTES = 16 * 1024 * 1024;

/** The whole plan, as the planner holds it. */
export interface StitchPlan {
  videoId: string;
  totalFrames: number;
  frameRate: number;
  segmentFrames: number;
  segments: number;
  width: number;
  height: number;
  qp: number;
  /** Edge map name of every frame of the video. */
  frames: string[];
}

/** One segment's slice of the plan, as its worker reads it. */
export interface SegmentPlan {
  videoId: string;
  segment: number;
  segments: number;
  totalFrames: number;
  firstFrame: number;
  frameRate: number;
  width: number;
  height: number;
  qp: number;
  /** Edge map names of the segment's frames, firstFrame first. */
  frames: string[];
}

export const segmentPlanKey = (videoId: string, planId: string, segment: number) => `${stitchPrefix(videoId)}plan-${planId}/segment-${String(segment).padStart(5, '0')}.json`;

/** Every slice's bytes, and the plan id: the first 16 hex digits of the SHA-256 of all of them. */
export function planSlices(plan: StitchPlan): { planId: string; slices: string[] } {
  const hash = createHash('sha256');
  const slices = Array.from({ length: plan.segments }, (_, segment) => {
    const { first, end } = segmentRange(segment, plan.totalFrames, plan.segmentFrames);
    const slice: SegmentPlan = {
      videoId: plan.videoId, segment, segments: plan.segments, totalFrames: plan.totalFrames, firstFrame: first, frameRate: plan.frameRate,
      width: plan.width, height: plan.height, qp: plan.qp, frames: plan.frames.slice(first, end),
    };
    const json = JSON.stringify({ format: PLAN_FORMAT, version: PLAN_VERSION, ...slice });
    hash.update(json).update('\n');
    return json;
  });
  return { planId: hash.digest('hex').slice(0, 16), slices };
}

/** Parses and checks segment `segment`'s slice of a video's plan. */
export function parseSegmentPlan(bytes: Uint8Array, videoId: string, planId: string, segment: number): SegmentPlan {
  const key = segmentPlanKey(videoId, planId, segment);
  const fail = (reason: string): never => {
    throw new StitchStateError(reason, key);
  };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`);
  }
  if (json.format !== PLAN_FORMAT || json.version !== PLAN_VERSION) fail(`not a ${PLAN_FORMAT} version ${PLAN_VERSION} object`);
  if (json.videoId !== videoId || json.segment !== segment) fail(`describes segment ${JSON.stringify(json.segment)} of video ${JSON.stringify(json.videoId)}`);
  const whole = (name: keyof SegmentPlan, min: number) => {
    const value = json[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(`${name} ${JSON.stringify(value)} is not an integer >= ${min}`);
    return value as number;
  };
  const frames = json.frames;
  if (!Array.isArray(frames) || frames.length === 0 || frames.some((name) => typeof name !== 'string' || name === '')) fail('frames is not a list of edge map names');
  const frameRate = json.frameRate;
  if (typeof frameRate !== 'number' || !(frameRate > 0)) fail(`frameRate ${JSON.stringify(frameRate)} is not a positive number`);
  return {
    videoId, segment, segments: whole('segments', segment + 1), totalFrames: whole('totalFrames', 1), firstFrame: whole('firstFrame', 0),
    frameRate: frameRate as number, width: whole('width', 1), height: whole('height', 1), qp: whole('qp', 0), frames: frames as string[],
  };
}
