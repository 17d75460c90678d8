// Settings of the stitch functions (planner, worker, sweeper), read from the environment once per
// container and validated there: a bad value refuses the cold start with a ConfigError naming the
// variable, as the tracking functions refuse one without TRACKING_TABLE.
//   TRACKING_TABLE, TRACKING_EVENTS_FILE  the video items (and, locally, the events file)
//   OUTPUT_BUCKET           edge maps in; `.stitch/` work objects, edges.mp4 and video.json out
//   STITCH_SEGMENT_FRAMES   frames per segment (default 300), STITCH_QP the quantiser (default 28)
//   STITCH_PLAN_FUNCTION    the planner's function name (the sweeper re-drives a plan through it)
//   STITCH_WORKER_FUNCTION  the function that encodes segments and joins them
//   LOG_LEVEL, S3_FORCE_PATH_STYLE  as everywhere
import { ConfigError } from '../../core/errors';
import { StitchSettingsError } from '../../video/errors';
import { readStitchSettings, type LambdaFunctions, type StitchSettings } from '../../video/stitch';
import type { Env } from '../config';
import { readFunctionConfig, readOutputBucket, type TrackingFunctionConfig } from '../tracking/function-config';

export interface StitchFunctionConfig extends TrackingFunctionConfig {
  outputBucket: string;
  settings: StitchSettings;
  /** Which function each task kind is invoked on. */
  functions: LambdaFunctions;
}

/** A function name (1-64 of letters, digits, - and _) or its ARN, optionally with a version or alias. */
const FUNCTION_NAME = /^(arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$/;

export function readStitchFunctionConfig(env: Env): StitchFunctionConfig {
  const base = readFunctionConfig(env);
  const outputBucket = readOutputBucket(env);
  const settings = readSettings(env);
  const plan = functionName(env, 'STITCH_PLAN_FUNCTION', 'the stitch planner (plan tasks)');
  const worker = functionName(env, 'STITCH_WORKER_FUNCTION', 'the stitch worker (segment and join tasks)');
  return { ...base, outputBucket, settings, functions: { plan, segment: worker, join: worker } };
}

/** STITCH_SEGMENT_FRAMES and STITCH_QP by the stitch's own rules, refused as every other variable is. */
function readSettings(env: Env): StitchSettings {
  try {
    return readStitchSettings(env);
  } catch (error) {
    if (error instanceof StitchSettingsError) throw new ConfigError(error.variable, error.value, error.reason);
    throw error;
  }
}

function functionName(env: Env, name: string, purpose: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(name, value, `required: the name of ${purpose}`);
  if (!FUNCTION_NAME.test(value)) throw new ConfigError(name, value, 'not a Lambda function name or ARN (1-64 characters: letters, digits, - and _)');
  return value;
}
