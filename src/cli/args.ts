// Command-line parsing for `frame-processor`: options validated once, usage errors as UsageError.
import { availableParallelism } from 'node:os';
import { numberOption, parseCommandLine } from '../core/command-line';
import { UsageError } from '../core/errors';
import type { OutputFormat } from '../core/pipeline';
import { BLUR_METHODS, type BlurMethod } from '../core/reduction';
import { BLUR_MODIFIER_RULES, describeRule, FRAME_DEFAULTS, OUTPUT_FORMATS, parseNumber, QUALITY_RULE, type NumberRule } from '../core/settings';

export const CONCURRENCY_RULE: NumberRule = { integer: true, min: 1, max: 256 };

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  'blur-modifier': { type: 'string' },
  'blur-method': { type: 'string' },
  quality: { type: 'string', short: 'q' },
  format: { type: 'string' },
  concurrency: { type: 'string', short: 'j' },
  force: { type: 'boolean' },
  table: { type: 'string' },
  stack: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `usage: frame-processor <input>... --out <dir|s3://bucket/prefix> [--blur-modifier N] [--blur-method fast|exact] [--quality Q] [--format jpeg|png] [--concurrency N] [--force] [--table NAME | --stack NAME]
       frame-processor video <folder|s3://bucket/prefix> --out <file.mp4|s3://bucket/key.mp4> ...   one video's edge video (video --help)
       frame-processor backfill --bucket NAME [--prefix P] ...   an S3 Batch Operations job (backfill --help)
       frame-processor status <videoId> [--table NAME] [--json]   a video's progress from the tracking table (status --help)

  <input>            JPEG files or directories, or s3://bucket/prefix (searched recursively for
                     .jpg/.jpeg, any case)
  --out DIR          output folder or s3://bucket/prefix; outputs mirror the inputs' relative paths
  --blur-modifier N  sigma = width * height / 3630000 * N; 0 = no blur (default ${FRAME_DEFAULTS.blurModifier};
                     at most ${BLUR_MODIFIER_RULES.fast.max} fast, ${BLUR_MODIFIER_RULES.exact.max} exact)
  --blur-method M    fast (default): decode and blur on a grid 2 or 4 times coarser where sigma
                     allows (1080p, 4K), within ~1 grey level of exact; exact: all at full size
  --quality Q        JPEG quality 1..100 (default ${FRAME_DEFAULTS.quality})
  --format F         jpeg (greyscale JPEG, default) or png (lossless 8-bit greyscale)
  --concurrency N    frames processed in parallel (default: number of cores)
  --force            write S3 outputs again even when made from the same source and settings
  --table NAME       with s3:// inputs and --out s3:// at the same prefix: record each frame, and each
                     failure, for its video in this tracking table, as the deployed function does
                     (the stack's sweeper then publishes video.json and the edge video)
  --stack NAME       the same, with the table of this stack (its output TrackingTableName)

  S3: credentials, region and endpoint as the AWS SDK finds them (AWS_PROFILE, AWS_REGION,
  AWS_ENDPOINT_URL_S3...); S3_FORCE_PATH_STYLE=true for S3-compatible servers.`;

export interface CliOptions {
  inputs: string[];
  out: string;
  blurModifier: number;
  blurMethod: BlurMethod;
  quality: number;
  format: OutputFormat;
  concurrency: number;
  /** Write S3 outputs again even when their metadata says they were made from the same source with the same settings. */
  force: boolean;
  /** The tracking table to record S3 frames in, by name or by its stack. */
  tracking?: { table: string } | { stack: string };
}

/** Parses argv (without node and the script); throws UsageError. `help` is returned as null. */
export function parseCliArgs(argv: string[]): CliOptions | null {
  const { values, positionals } = parseOrThrow(argv);
  if (values.help) return null;
  if (positionals.length === 0) throw new UsageError('no input given');
  if (!values.out) throw new UsageError('--out <dir|s3://bucket/prefix> is required');
  return {
    inputs: positionals,
    out: values.out,
    ...blurSettings(values['blur-modifier'], values['blur-method']),
    quality: numberOption('--quality', values.quality, FRAME_DEFAULTS.quality, QUALITY_RULE),
    format: format(values.format),
    concurrency: numberOption('--concurrency', values.concurrency, availableParallelism(), CONCURRENCY_RULE),
    force: values.force === true,
    ...trackingOf(values.table, values.stack),
  };
}

function trackingOf(table: string | undefined, stack: string | undefined): Pick<CliOptions, 'tracking'> {
  if (table !== undefined && stack !== undefined) throw new UsageError('--table and --stack exclude each other (--stack reads the table from the stack)');
  if (table !== undefined) return { tracking: { table } };
  return stack === undefined ? {} : { tracking: { stack } };
}

function parseOrThrow(argv: string[]) {
  return parseCommandLine({ args: argv, allowPositionals: true, options: OPTIONS });
}

/** --blur-method, then --blur-modifier within that method's rule (a value only the other method takes says so). */
export function blurSettings(modifier: string | undefined, method: string | undefined): { blurModifier: number; blurMethod: BlurMethod } {
  const blurMethod = method === undefined ? FRAME_DEFAULTS.blurMethod : BLUR_METHODS.find((name) => name === method);
  if (blurMethod === undefined) throw new UsageError(`--blur-method must be ${BLUR_METHODS.join(' or ')}, got ${JSON.stringify(method)}`);
  const rule = BLUR_MODIFIER_RULES[blurMethod];
  const other = BLUR_METHODS.find((name) => name !== blurMethod)!;
  if (modifier !== undefined && parseNumber(modifier, rule) === undefined && parseNumber(modifier, BLUR_MODIFIER_RULES[other]) !== undefined) {
    throw new UsageError(`--blur-modifier must be ${describeRule(rule)} with --blur-method ${blurMethod}, got ${JSON.stringify(modifier)} (--blur-method ${other} takes it)`);
  }
  return { blurModifier: numberOption('--blur-modifier', modifier, FRAME_DEFAULTS.blurModifier, rule), blurMethod };
}

function format(text: string | undefined): OutputFormat {
  if (text === undefined) return FRAME_DEFAULTS.format;
  const known = OUTPUT_FORMATS.find((name) => name === text);
  if (known === undefined) throw new UsageError(`--format must be ${OUTPUT_FORMATS.join(' or ')}, got ${JSON.stringify(text)}`);
  return known;
}
