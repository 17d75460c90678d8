// The Lambda function's settings, read from the environment once per container (at cold start)
// and validated there, so a bad deployment fails with the variable's name and value instead of
// failing every frame later. An empty variable counts as unset (templates often emit '').
import { ConfigError } from '../core/errors';
import { DEFAULT_LIMITS, type FrameLimits, type OutputFormat } from '../core/pipeline';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface HandlerConfig {
  /** Where edge maps are written (required). Never the bucket an event came from. */
  outputBucket: string;
  /** sigma = width * height / 3 630 000 * blurModifier; 0 = no blur. */
  blurModifier: number;
  /** JPEG quality of the edge map, 1..100. */
  quality: number;
  format: OutputFormat;
  limits: FrameLimits;
  logLevel: LogLevel;
  /** Path-style S3 URLs (http://host/bucket/key), for S3-compatible servers such as s3rver. */
  forcePathStyle: boolean;
}

/** Defaults of the optional variables (the README's table is this object). */
export const CONFIG_DEFAULTS = {
  BLUR_MODIFIER: 8,
  JPEG_QUALITY: 75,
  OUTPUT_FORMAT: 'jpeg',
  MAX_INPUT_BYTES: DEFAULT_LIMITS.maxInputBytes,
  MAX_PIXELS: DEFAULT_LIMITS.maxPixels,
  LOG_LEVEL: 'INFO',
  S3_FORCE_PATH_STYLE: false,
} as const;

/** wasm32 memory is 4 GiB and a frame needs about 8 bytes per pixel at its peak. */
const MAX_PIXELS_CEILING = 250_000_000;
/** The whole object sits in WebAssembly memory next to its pixels. */
const MAX_INPUT_BYTES_CEILING = 1024 * 1024 * 1024;
/** S3 bucket naming rules (general purpose buckets): 3-63 of a-z 0-9 . -, letter or digit at both ends. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

type Env = Record<string, string | undefined>;

/** Reads and validates every setting; throws a ConfigError naming the first bad variable. */
export function readConfig(env: Env = process.env): HandlerConfig {
  return {
    outputBucket: bucketName(env, 'OUTPUT_BUCKET'),
    blurModifier: nonNegativeNumber(env, 'BLUR_MODIFIER', CONFIG_DEFAULTS.BLUR_MODIFIER),
    quality: integerIn(env, 'JPEG_QUALITY', 1, 100, CONFIG_DEFAULTS.JPEG_QUALITY),
    format: oneOf(env, 'OUTPUT_FORMAT', ['jpeg', 'png'] as const, CONFIG_DEFAULTS.OUTPUT_FORMAT),
    limits: {
      maxInputBytes: integerIn(env, 'MAX_INPUT_BYTES', 1, MAX_INPUT_BYTES_CEILING, CONFIG_DEFAULTS.MAX_INPUT_BYTES),
      maxPixels: integerIn(env, 'MAX_PIXELS', 9, MAX_PIXELS_CEILING, CONFIG_DEFAULTS.MAX_PIXELS),
    },
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, CONFIG_DEFAULTS.LOG_LEVEL, true),
    forcePathStyle: oneOf(env, 'S3_FORCE_PATH_STYLE', ['true', 'false'] as const, 'false', true) === 'true',
  };
}

function valueOf(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function bucketName(env: Env, name: string): string {
  const value = valueOf(env, name);
  if (value === undefined) throw new ConfigError(name, env[name], 'required: the name of the bucket edge maps are written to');
  if (!BUCKET_NAME.test(value) || value.includes('..')) {
    throw new ConfigError(name, value, 'not a valid S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens)');
  }
  return value;
}

function nonNegativeNumber(env: Env, name: string, fallback: number): number {
  const value = valueOf(env, name);
  if (value === undefined) return fallback;
  const number = strictNumber(value);
  if (!Number.isFinite(number) || number < 0) throw new ConfigError(name, value, 'must be a finite number >= 0');
  return number;
}

function integerIn(env: Env, name: string, min: number, max: number, fallback: number): number {
  const value = valueOf(env, name);
  if (value === undefined) return fallback;
  const number = strictNumber(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(name, value, `must be a whole number from ${min} to ${max}`);
  }
  return number;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, ignoreCase = false): T {
  const value = valueOf(env, name);
  if (value === undefined) return fallback;
  const wanted = ignoreCase ? value.toUpperCase() : value;
  const match = allowed.find((option) => (ignoreCase ? option.toUpperCase() : option) === wanted);
  if (match === undefined) throw new ConfigError(name, value, `must be one of ${allowed.join(', ')}`);
  return match;
}

/** Number(), minus its surprises: '' and whitespace are 0 and '0x10' is 16 there; here they are NaN. */
function strictNumber(text: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
}
