// Per-video tracking's settings, read from the environment once per container like the rest of
// the configuration. The frame function tracks only when TRACKING_TABLE is set (unset or empty:
// frames are processed exactly as without tracking); the tracking functions require it.
//   TRACKING_TABLE        the DynamoDB table (src/tracking/table.ts); its endpoint comes from the
//                         SDK's own AWS_ENDPOINT_URL_DYNAMODB handling (the local stack sets it)
//   TRACKING_EVENTS_FILE  local only: "Video Frames Processed" events are appended to this file as
//                         JSON lines instead of being put on EventBridge's default bus
//   STACK_NAME            the deployed stack (serverless.yml sets it): every event published names
//                         it in `detail.stack`, so each stage's EventBridge rules take only its own
//   EDGE_VIDEO            on | off (default off): the edge video is deployed (deploy/stitch-on.yml
//                         sets it on every function that tracks), so a published video is handed on
//                         to the stitch planner in the outbox instead of leaving it
//   FRAME_KEY_PATTERN     which file names are frames (src/tracking/frame-key.ts): a regular
//                         expression with a group for the index; default MediaConvert's
//                         <name>.<index>.jpg. The same value on every function that tracks or stitches.
import { ConfigError } from '../core/errors';
import { BLUR_METHODS, type BlurMethod } from '../core/reduction';
import { frameKeyRule, type FrameKeyRule } from '../tracking/frame-key';

export interface TrackingConfig {
  tableName: string;
  /** Events go to this JSON-lines file instead of EventBridge (the local stack). */
  eventsFile?: string;
  /** The stack every published event names (detail.stack); absent locally. */
  stackName?: string;
  /** The outbox state a published video is handed on to (EDGE_VIDEO=on: the stitch planner's). */
  outboxAfterPublish?: typeof EDGE_VIDEO_OUTBOX;
  /** BLUR_METHOD (default fast), recorded in video.json. */
  blurMethod?: BlurMethod;
  /** Which file names are frames (FRAME_KEY_PATTERN). */
  frameKeys: FrameKeyRule;
}

/**
 * The stitch planner's outbox state (STITCH_OUTBOX.plan in src/video/stitch/state.ts; a test keeps
 * the two equal). Written out here so that the frame function's bundle, which reads this file,
 * takes nothing from src/video.
 */
export const EDGE_VIDEO_OUTBOX = 'stitch-plan';

/** DynamoDB table names: 3 to 255 of a-z A-Z 0-9 _ - . */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

type Env = Record<string, string | undefined>;

/** The tracking settings, or undefined when TRACKING_TABLE is unset (tracking off). */
export function readTrackingConfig(env: Env): TrackingConfig | undefined {
  const tableName = valueOf(env, 'TRACKING_TABLE');
  if (tableName === undefined) {
    readEdgeVideo(env); // EDGE_VIDEO=on without a table is a deployment mistake, not "off"
    return undefined;
  }
  if (!TABLE_NAME.test(tableName)) throw new ConfigError('TRACKING_TABLE', tableName, 'not a DynamoDB table name (3-255 characters: letters, digits, _ - .)');
  const eventsFile = valueOf(env, 'TRACKING_EVENTS_FILE');
  const stackName = valueOf(env, 'STACK_NAME');
  return {
    tableName,
    frameKeys: frameKeyRule(valueOf(env, 'FRAME_KEY_PATTERN')),
    ...(eventsFile === undefined ? {} : { eventsFile }),
    ...(stackName === undefined ? {} : { stackName }),
    ...(readEdgeVideo(env) ? { outboxAfterPublish: EDGE_VIDEO_OUTBOX } : {}),
    blurMethod: readBlurMethod(env),
  };
}

/** BLUR_METHOD: fast (unset) or exact; the frame function's configuration reads it the same way. */
export function readBlurMethod(env: Env): BlurMethod {
  const value = valueOf(env, 'BLUR_METHOD') ?? 'fast';
  const method = BLUR_METHODS.find((name) => name === value);
  if (method === undefined) throw new ConfigError('BLUR_METHOD', value, `must be one of ${BLUR_METHODS.join(', ')}`);
  return method;
}

/** EDGE_VIDEO: on or off (unset: off). On without TRACKING_TABLE is refused: the stitch starts from tracking. */
export function readEdgeVideo(env: Env): boolean {
  const value = valueOf(env, 'EDGE_VIDEO');
  if (value === undefined || value === 'off') return false;
  if (value !== 'on') throw new ConfigError('EDGE_VIDEO', value, 'must be on or off');
  if (valueOf(env, 'TRACKING_TABLE') === undefined) throw new ConfigError('EDGE_VIDEO', value, 'needs TRACKING_TABLE: the edge video is planned when per-video tracking completes a video');
  return true;
}

/** For the functions that exist only to track: TRACKING_TABLE is required. */
export function requireTrackingConfig(env: Env): TrackingConfig {
  const config = readTrackingConfig(env);
  if (!config) throw new ConfigError('TRACKING_TABLE', env.TRACKING_TABLE, 'required: the DynamoDB table of per-video tracking');
  return config;
}

function valueOf(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
