// The Lambda function's settings, read from the environment once per container (at cold start)
// and validated there, so a bad deployment fails with the variable's name and value instead of
// failing every frame later. An empty variable counts as unset (templates often emit '').
import { ConfigError } from '../core/errors';
import { cpuShareFor } from '../core/frame-cost';
import { defaultMaxPixels, jpegJsBudgetBytes, MAX_PIXELS_CEILING, pixelCeiling, WASM_MEMORY_MODEL, wasmFrameBytes } from '../core/frame-memory';
import { DEFAULT_LIMITS, type FrameLimits, type OutputFormat } from '../core/pipeline';
import { MAX_PEAK_BYTES } from '../jpeg/jpeg-js-memory';
import { readTrackingConfig, type TrackingConfig } from './tracking-config';
import { BLUR_METHODS, type BlurMethod } from '../core/reduction';
import { BLUR_MODIFIER_RULES, describeRule, FRAME_DEFAULTS, OUTPUT_FORMATS, parseNumber, QUALITY_RULE, type NumberRule } from '../core/settings';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface HandlerConfig {
  /** Where edge maps are written (required). Never the bucket an event came from. */
  outputBucket: string;
  /** sigma = width * height / 3 630 000 * blurModifier; 0 = no blur. */
  blurModifier: number;
  /** fast (default): decode and blur on a grid 2 or 4 times coarser where sigma allows; exact: at full size. */
  blurMethod: BlurMethod;
  /** JPEG quality of the edge map, 1..100. */
  quality: number;
  format: OutputFormat;
  limits: Required<FrameLimits>;
  logLevel: LogLevel;
  /** Path-style S3 URLs (http://host/bucket/key), for S3-compatible servers such as s3rver. */
  forcePathStyle: boolean;
  /** Share of one CPU the function's thread gets (memory / 1769 MB, at most 1); 1 where the memory is unknown. */
  cpuShare: number;
  /** Per-video tracking (TRACKING_TABLE); absent: off, frames are processed without it. */
  tracking?: TrackingConfig;
}

/** Defaults of the optional variables (docs/deploying.md's table is this object). */
export const CONFIG_DEFAULTS = {
  BLUR_MODIFIER: FRAME_DEFAULTS.blurModifier,
  BLUR_METHOD: FRAME_DEFAULTS.blurMethod,
  JPEG_QUALITY: FRAME_DEFAULTS.quality,
  OUTPUT_FORMAT: FRAME_DEFAULTS.format,
  MAX_INPUT_BYTES: DEFAULT_LIMITS.maxInputBytes,
  MAX_PIXELS: DEFAULT_LIMITS.maxPixels,
  LOG_LEVEL: 'INFO',
  S3_FORCE_PATH_STYLE: false,
} as const;

/** wasm32 memory is 4 GiB and a frame needs about 8 bytes per pixel at its peak; the Sobel operator needs 3x3. */
const MAX_PIXELS_RULE: NumberRule = { integer: true, min: 9, max: MAX_PIXELS_CEILING };
/** Lambda sets AWS_LAMBDA_FUNCTION_MEMORY_SIZE to the function's memory in MB (128 at least). */
const MEMORY_SIZE_RULE: NumberRule = { integer: true, min: 128 };
/** The whole object sits in WebAssembly memory next to its pixels. */
const MAX_INPUT_BYTES_RULE: NumberRule = { integer: true, min: 1, max: 1024 * 1024 * 1024 };
/** S3 bucket naming rules (general purpose buckets): 3-63 of a-z 0-9 . -, letter or digit at both ends. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export type Env = Record<string, string | undefined>;

/** True for a valid S3 bucket name (general purpose buckets). */
export function isBucketName(name: string): boolean {
  return BUCKET_NAME.test(name) && !name.includes('..');
}

/** Reads and validates every setting; throws a ConfigError naming the first bad variable. */
export function readConfig(env: Env = process.env): HandlerConfig {
  const memoryMB = optionalNumber(env, 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', MEMORY_SIZE_RULE);
  const tracking = readTrackingConfig(env);
  const blurMethod = oneOf(env, 'BLUR_METHOD', BLUR_METHODS, CONFIG_DEFAULTS.BLUR_METHOD);
  return {
    outputBucket: bucketName(env, 'OUTPUT_BUCKET'),
    blurModifier: blurModifier(env, blurMethod),
    blurMethod,
    quality: numberIn(env, 'JPEG_QUALITY', QUALITY_RULE, CONFIG_DEFAULTS.JPEG_QUALITY),
    format: oneOf(env, 'OUTPUT_FORMAT', OUTPUT_FORMATS, CONFIG_DEFAULTS.OUTPUT_FORMAT),
    limits: frameLimits(env, memoryMB),
    logLevel: readLogLevel(env),
    forcePathStyle: readForcePathStyle(env),
    cpuShare: memoryMB === undefined ? 1 : cpuShareFor(memoryMB),
    ...(tracking ? { tracking } : {}),
  };
}

/** BLUR_MODIFIER within the rule of the blur method (a larger modifier is cheap only in fast mode). */
function blurModifier(env: Env, method: BlurMethod): number {
  const rule = BLUR_MODIFIER_RULES[method];
  const other = BLUR_METHODS.find((m) => m !== method)!;
  const value = valueOf(env, 'BLUR_MODIFIER');
  if (value === undefined || parseNumber(value, rule) !== undefined) return numberIn(env, 'BLUR_MODIFIER', rule, CONFIG_DEFAULTS.BLUR_MODIFIER);
  const elsewhere = parseNumber(value, BLUR_MODIFIER_RULES[other]) === undefined ? '' : ` (BLUR_METHOD=${other} takes it)`;
  throw new ConfigError('BLUR_MODIFIER', value, `must be ${describeRule(rule)} with BLUR_METHOD=${method}${elsewhere}`);
}

export function readLogLevel(env: Env): LogLevel {
  return oneOf(env, 'LOG_LEVEL', LOG_LEVELS, CONFIG_DEFAULTS.LOG_LEVEL, true);
}

/** S3_FORCE_PATH_STYLE (true or false, any case; false when unset): also read by the command line. */
export function readForcePathStyle(env: Env = process.env): boolean {
  return oneOf(env, 'S3_FORCE_PATH_STYLE', ['true', 'false'] as const, 'false', true) === 'true';
}

/**
 * MAX_INPUT_BYTES and MAX_PIXELS, and the jpeg-js fallback's memory budget. Where Lambda says the
 * function's memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE), they follow it (src/core/frame-memory.ts):
 * MAX_PIXELS defaults to at most half of what fits, a MAX_PIXELS that cannot fit is refused, and
 * jpeg-js gets what the largest baseline frame leaves. Elsewhere the fixed defaults apply.
 */
function frameLimits(env: Env, memoryMB: number | undefined): Required<FrameLimits> {
  const maxInputBytes = numberIn(env, 'MAX_INPUT_BYTES', MAX_INPUT_BYTES_RULE, CONFIG_DEFAULTS.MAX_INPUT_BYTES);
  if (memoryMB === undefined) {
    return { maxInputBytes, maxPixels: numberIn(env, 'MAX_PIXELS', MAX_PIXELS_RULE, CONFIG_DEFAULTS.MAX_PIXELS), maxJpegJsBytes: MAX_PEAK_BYTES };
  }
  const ceiling = pixelCeiling(memoryMB, maxInputBytes);
  const fit = `a ${memoryMB} MB function (AWS_LAMBDA_FUNCTION_MEMORY_SIZE) holds the process (~${mb(WASM_MEMORY_MODEL.baseBytes)} MB), an input of up to ${mb(maxInputBytes)} MB (MAX_INPUT_BYTES) and frames of at most ${ceiling} pixels, with 15% kept free`;
  if (ceiling < MAX_PIXELS_RULE.min) {
    const variable = valueOf(env, 'MAX_INPUT_BYTES') === undefined ? 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE' : 'MAX_INPUT_BYTES';
    throw new ConfigError(variable, env[variable], `too little memory for any frame: ${fit}; give the function more memory or lower MAX_INPUT_BYTES`);
  }
  const maxPixels = numberIn(env, 'MAX_PIXELS', MAX_PIXELS_RULE, defaultMaxPixels(memoryMB, maxInputBytes, CONFIG_DEFAULTS.MAX_PIXELS));
  if (maxPixels > ceiling) {
    throw new ConfigError('MAX_PIXELS', env.MAX_PIXELS, `cannot fit: a frame that large needs about ${mb(WASM_MEMORY_MODEL.baseBytes + wasmFrameBytes(maxPixels, maxInputBytes))} MB at its peak, but ${fit}`);
  }
  return { maxInputBytes, maxPixels, maxJpegJsBytes: jpegJsBudgetBytes(memoryMB, maxPixels, maxInputBytes) };
}

function mb(bytes: number): number {
  return Math.round(bytes / 2 ** 20);
}

function valueOf(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A required bucket name; `purpose` says what the bucket is for when it is missing. */
export function bucketName(env: Env, name: string, purpose = 'the name of the bucket edge maps are written to'): string {
  const value = valueOf(env, name);
  if (value === undefined) throw new ConfigError(name, env[name], `required: ${purpose}`);
  if (!isBucketName(value)) {
    throw new ConfigError(name, value, 'not a valid S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens)');
  }
  return value;
}

export function numberIn(env: Env, name: string, rule: NumberRule, fallback: number): number {
  return optionalNumber(env, name, rule) ?? fallback;
}

function optionalNumber(env: Env, name: string, rule: NumberRule): number | undefined {
  const value = valueOf(env, name);
  if (value === undefined) return undefined;
  const number = parseNumber(value, rule);
  if (number === undefined) throw new ConfigError(name, value, `must be ${describeRule(rule)}`);
  return number;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, ignoreCase = false): T {
  const value = valueOf(env, name);
  if (value === undefined) return fallback;
  const wanted = ignoreCase ? value.toUpperCase() : value;
  const match = allowed.find((option) => (ignoreCase ? option.toUpperCase() : option) === wanted);
  if (match === undefined) throw new ConfigError(name, value, `must be one of ${allowed.join(', ')}`);
  return match;
}
