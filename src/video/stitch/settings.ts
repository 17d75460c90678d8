// The stitch step's settings, read from the environment once per process and validated there (a
// bad value fails with the variable's name, not every video later). An empty variable is unset.
//   STITCH_SEGMENT_FRAMES  frames per segment (one segment invocation each), default 300
//   STITCH_QP              the H.264 quantiser, 0 (best) .. 51, default the encoder's (28)
// Both are captured in a video's plan when it is made, so every segment of a video is encoded
// alike even if the settings change while it is stitched.
import { describeRule, parseNumber, type NumberRule } from '../../core/settings';
import { StitchSettingsError } from '../errors';
import { DEFAULT_QP } from '../h264';

export interface StitchSettings {
  /** Frames per segment; the last segment of a video may be shorter. */
  segmentFrames: number;
  /** H.264 constant quantiser (docs/h264-encoder.md). */
  qp: number;
}

/**
 * 300 frames = 10 s at 30 frames/s, five 2-second GOPs: a segment takes about 10 s of one vCPU
 * at 1080p (decode + encode) against about 1 s of fixed cost per invocation, so a 10-minute video
 * runs as 60 parallel invocations of about 11 s. bench/stitch.ts measures both; docs/edge-video.md
 * has the figures and the trade-off.
 */
export const DEFAULT_SEGMENT_FRAMES = 300;
export const SEGMENT_FRAMES_RULE: NumberRule = { integer: true, min: 1, max: 100_000 };
export const QP_RULE: NumberRule = { integer: true, min: 0, max: 51 };

export const STITCH_DEFAULTS: StitchSettings = { segmentFrames: DEFAULT_SEGMENT_FRAMES, qp: DEFAULT_QP };

type Env = Record<string, string | undefined>;

/** Reads STITCH_SEGMENT_FRAMES and STITCH_QP; throws a StitchSettingsError naming the first bad one. */
export function readStitchSettings(env: Env = process.env): StitchSettings {
  return {
    segmentFrames: numberIn(env, 'STITCH_SEGMENT_FRAMES', SEGMENT_FRAMES_RULE, STITCH_DEFAULTS.segmentFrames),
    qp: numberIn(env, 'STITCH_QP', QP_RULE, STITCH_DEFAULTS.qp),
  };
}

/** Checks settings given in code (tests, the benchmark) by the same rules. */
export function checkStitchSettings(settings: StitchSettings): StitchSettings {
  for (const [name, value, rule] of [['segmentFrames', settings.segmentFrames, SEGMENT_FRAMES_RULE], ['qp', settings.qp, QP_RULE]] as const) {
    if (parseNumber(String(value), rule) === undefined) throw new StitchSettingsError(name, String(value), `must be ${describeRule(rule)}`);
  }
  return settings;
}

function numberIn(env: Env, name: string, rule: NumberRule, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = parseNumber(text, rule);
  if (value === undefined) throw new StitchSettingsError(name, text, `must be ${describeRule(rule)}`);
  return value;
}
