// Per-video tracking's settings, read from the environment once per container like the rest of
// the configuration. The frame function tracks only when TRACKING_TABLE is set (unset or empty:
// frames are processed exactly as without tracking); the tracking functions require it.
//   TRACKING_TABLE        the DynamoDB table (src/tracking/table.ts); its endpoint comes from the
//                         SDK's own AWS_ENDPOINT_URL_DYNAMODB handling (the local stack sets it)
//   TRACKING_EVENTS_FILE  local only: "Video Frames Processed" events are appended to this file as
//                         JSON lines instead of being put on EventBridge's default bus
import { ConfigError } from '../core/errors';

export interface TrackingConfig {
  tableName: string;
  /** Events go to this JSON-lines file instead of EventBridge (the local stack). */
  eventsFile?: string;
}

/** DynamoDB table names: 3 to 255 of a-z A-Z 0-9 _ - . */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

type Env = Record<string, string | undefined>;

/** The tracking settings, or undefined when TRACKING_TABLE is unset (tracking off). */
export function readTrackingConfig(env: Env): TrackingConfig | undefined {
  const tableName = valueOf(env, 'TRACKING_TABLE');
  if (tableName === undefined) return undefined;
  if (!TABLE_NAME.test(tableName)) throw new ConfigError('TRACKING_TABLE', tableName, 'not a DynamoDB table name (3-255 characters: letters, digits, _ - .)');
  const eventsFile = valueOf(env, 'TRACKING_EVENTS_FILE');
  return eventsFile === undefined ? { tableName } : { tableName, eventsFile };
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
