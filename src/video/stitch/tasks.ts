// The stitch's units of work, as invocation payloads. `plan` runs on a "Video Frames Processed"
// event (or the sweeper's re-drive), `segment` encodes one segment, `join` joins and publishes.
// Each payload names the plan it belongs to, so work for another plan is recognised and dropped.
import { StitchTaskError } from '../errors';

export type StitchTask =
  | { kind: 'plan'; videoId: string }
  | { kind: 'segment'; videoId: string; planId: string; segment: number }
  | { kind: 'join'; videoId: string; planId: string };

export const FRAMES_PROCESSED_DETAIL_TYPE = 'Video Frames Processed';
/** A correction's new version of the record: stitched again. */
export const FRAMES_UPDATED_DETAIL_TYPE = 'Video Frames Updated';
const PLAN_EVENTS = [FRAMES_PROCESSED_DETAIL_TYPE, FRAMES_UPDATED_DETAIL_TYPE];
const MAX_SEGMENT = 1_000_000;

/** Checks a payload (parsed JSON) is a stitch task; throws a StitchTaskError naming what is wrong. */
export function parseStitchTask(payload: unknown): StitchTask {
  const fail = (reason: string): never => {
    throw new StitchTaskError(reason, 'stitch task');
  };
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return fail('not a JSON object');
  const fields = payload as Record<string, unknown>;
  const videoId = fields.videoId;
  if (typeof videoId !== 'string' || videoId === '') return fail('videoId is not a non-empty string');
  if (fields.kind === 'plan') return { kind: 'plan', videoId };
  const planId = fields.planId;
  if (typeof planId !== 'string' || !/^[0-9a-f]{16}$/.test(planId)) return fail('planId is not 16 lowercase hex digits');
  if (fields.kind === 'join') return { kind: 'join', videoId, planId };
  if (fields.kind !== 'segment') return fail(`kind ${JSON.stringify(fields.kind)} is not plan, segment or join`);
  const segment = fields.segment;
  if (typeof segment !== 'number' || !Number.isInteger(segment) || segment < 0 || segment > MAX_SEGMENT) return fail(`segment ${JSON.stringify(segment)} is not an integer in 0..${MAX_SEGMENT}`);
  return { kind: 'segment', videoId, planId, segment };
}

/**
 * The plan task of an EventBridge "Video Frames Processed" or "Video Frames Updated" event
 * (source frame-processor), the planner's triggers; anything else is a StitchTaskError.
 */
export function planTaskOfEvent(event: unknown): StitchTask {
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  if (!PLAN_EVENTS.includes(String(fields['detail-type']))) {
    throw new StitchTaskError(`detail-type ${JSON.stringify(fields['detail-type'])} is not one of ${PLAN_EVENTS.map((type) => JSON.stringify(type)).join(', ')}`, 'stitch event');
  }
  const detail = fields.detail as Record<string, unknown> | undefined;
  const videoId = detail?.videoId;
  if (typeof videoId !== 'string' || videoId === '') throw new StitchTaskError('detail.videoId is not a non-empty string', 'stitch event');
  return { kind: 'plan', videoId };
}

/**
 * The task in whatever the stitch functions receive: an EventBridge event (it has a
 * "detail-type": the planner's trigger) or a task payload (an Invoke from a stitch step or the
 * sweeper). One handler can then serve both.
 */
export function taskOfPayload(payload: unknown): StitchTask {
  const isEvent = typeof payload === 'object' && payload !== null && 'detail-type' in payload;
  return isEvent ? planTaskOfEvent(payload) : parseStitchTask(payload);
}

/** A short label for logs and errors: "segment 3 of video x". */
export function describeTask(task: StitchTask): string {
  return task.kind === 'segment' ? `segment ${task.segment} of ${task.videoId}` : `${task.kind} of ${task.videoId}`;
}
