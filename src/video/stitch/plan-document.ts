// The plan object `<videoId>/.stitch/plan-<planId>.json`: which edge map each frame of the video
// shows (fills applied), the size every frame must have, and the encoding settings, so that every
// segment invocation of a video encodes from the same facts. Its id is a hash of its content:
// two planners that list the same folder write the same object, and the id recorded on the video
// item names exactly the object the segments read.
//
// Format "frame-processor/stitch-plan", version 1: videoId, totalFrames, frameRate (frames/s),
// segmentFrames, segments, width, height (edge map size), qp, frames (edge map names relative to
// `<videoId>/`, one per frame index).
import { createHash } from 'node:crypto';
import { StitchStateError } from '../errors';
import { stitchPrefix } from '../segment-format';

export const PLAN_FORMAT = 'frame-processor/stitch-plan';
export const PLAN_VERSION = 1;
/** 10 million frames of 30-character names is about 400 MB: the cap is far above any real video. */
export const MAX_PLAN_BYTES = 512 * 1024 * 1024;

export interface StitchPlan {
  videoId: string;
  totalFrames: number;
  frameRate: number;
  segmentFrames: number;
  segments: number;
  width: number;
  height: number;
  qp: number;
  frames: string[];
}

export const planKey = (videoId: string, planId: string) => `${stitchPrefix(videoId)}plan-${planId}.json`;

/** The plan's bytes and id (the first 16 hex digits of their SHA-256). */
export function serialisePlan(plan: StitchPlan): { json: string; planId: string } {
  const json = JSON.stringify({ format: PLAN_FORMAT, version: PLAN_VERSION, ...plan });
  return { json, planId: createHash('sha256').update(json).digest('hex').slice(0, 16) };
}

/** Parses and checks a plan object; `planId` must be the hash of its bytes. */
export function parsePlan(bytes: Uint8Array, videoId: string, planId: string): StitchPlan {
  const key = planKey(videoId, planId);
  const fail = (reason: string): never => {
    throw new StitchStateError(reason, key);
  };
  const text = Buffer.from(bytes).toString('utf8');
  if (createHash('sha256').update(text).digest('hex').slice(0, 16) !== planId) fail('its content does not hash to its id');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON (${(error as Error).message})`);
  }
  if (json.format !== PLAN_FORMAT || json.version !== PLAN_VERSION) fail(`not a ${PLAN_FORMAT} version ${PLAN_VERSION} object`);
  if (json.videoId !== videoId) fail(`describes video ${JSON.stringify(json.videoId)}`);
  const whole = (name: keyof StitchPlan, min: number) => {
    const value = json[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(`${name} ${JSON.stringify(value)} is not an integer >= ${min}`);
    return value as number;
  };
  const totalFrames = whole('totalFrames', 1);
  const frames = json.frames;
  if (!Array.isArray(frames) || frames.length !== totalFrames || frames.some((name) => typeof name !== 'string' || name === '')) fail(`frames is not ${totalFrames} edge map names`);
  const frameRate = json.frameRate;
  if (typeof frameRate !== 'number' || !(frameRate > 0)) fail(`frameRate ${JSON.stringify(frameRate)} is not a positive number`);
  return {
    videoId,
    totalFrames,
    frameRate: frameRate as number,
    segmentFrames: whole('segmentFrames', 1),
    segments: whole('segments', 1),
    width: whole('width', 1),
    height: whole('height', 1),
    qp: whole('qp', 0),
    frames: frames as string[],
  };
}
