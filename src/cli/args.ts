// Command-line parsing for `frame-processor`: options validated once, usage errors as UsageError.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors';
import type { OutputFormat } from '../core/pipeline';
import { BLUR_MODIFIER_RULE, describeRule, FRAME_DEFAULTS, OUTPUT_FORMATS, parseNumber, QUALITY_RULE, type NumberRule } from '../core/settings';

export const CONCURRENCY_RULE: NumberRule = { integer: true, min: 1, max: 256 };

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  'blur-modifier': { type: 'string' },
  quality: { type: 'string', short: 'q' },
  format: { type: 'string' },
  concurrency: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The spellings of the options that take a value: --name and -s. */
const VALUED_FLAGS = new Map<string, 'long' | 'short'>(
  Object.entries(OPTIONS)
    .filter(([, option]) => option.type === 'string')
    .flatMap(([name, option]) => [[`--${name}`, 'long'], ...('short' in option ? [[`-${option.short}`, 'short'] as const] : [])] as const),
);

export const USAGE = `usage: frame-processor <input>... --out <dir> [--blur-modifier N] [--quality Q] [--format jpeg|png] [--concurrency N]

  <input>            JPEG files or directories (searched recursively for .jpg/.jpeg, any case)
  --out DIR          output folder; outputs mirror the inputs' relative paths
  --blur-modifier N  sigma = width * height / 3630000 * N; 0 = no blur (default ${FRAME_DEFAULTS.blurModifier})
  --quality Q        JPEG quality 1..100 (default ${FRAME_DEFAULTS.quality})
  --format F         jpeg (greyscale JPEG, default) or png (lossless 8-bit greyscale)
  --concurrency N    frames processed in parallel (default: number of cores)`;

export interface CliOptions {
  inputs: string[];
  out: string;
  blurModifier: number;
  quality: number;
  format: OutputFormat;
  concurrency: number;
}

/** Parses argv (without node and the script); throws UsageError. `help` is returned as null. */
export function parseCliArgs(argv: string[]): CliOptions | null {
  const { values, positionals } = parseOrThrow(argv);
  if (values.help) return null;
  if (positionals.length === 0) throw new UsageError('no input given');
  if (!values.out) throw new UsageError('--out <dir> is required');
  return {
    inputs: positionals,
    out: values.out,
    blurModifier: number('--blur-modifier', values['blur-modifier'], FRAME_DEFAULTS.blurModifier, BLUR_MODIFIER_RULE),
    quality: number('--quality', values.quality, FRAME_DEFAULTS.quality, QUALITY_RULE),
    format: format(values.format),
    concurrency: number('--concurrency', values.concurrency, availableParallelism(), CONCURRENCY_RULE),
  };
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({ args: attachNegativeValues(argv), allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * `--quality -5` as `--quality=-5` (and `-j -2` as `-j-2`): parseArgs calls a value that starts
 * with '-' ambiguous, but a negative number after an option that takes a value can only be that
 * value, which the number rules then refuse with the reason.
 */
function attachNegativeValues(argv: string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const form = VALUED_FLAGS.get(argv[i]);
    const next = argv[i + 1];
    if (argv[i] === '--') return [...args, ...argv.slice(i)];
    if (form && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(form === 'long' ? `${argv[i]}=${next}` : `${argv[i]}${next}`);
      i++;
    } else {
      args.push(argv[i]);
    }
  }
  return args;
}

function number(flag: string, text: string | undefined, fallback: number, rule: NumberRule): number {
  if (text === undefined) return fallback;
  const value = parseNumber(text, rule);
  if (value !== undefined) return value;
  const negative = rule.min >= 0 && (parseNumber(text, { min: -Infinity }) ?? 0) < 0;
  throw new UsageError(`${flag} must be ${describeRule(rule)}, got ${JSON.stringify(text)}${negative ? ' (a negative value is invalid)' : ''}`);
}

function format(text: string | undefined): OutputFormat {
  if (text === undefined) return FRAME_DEFAULTS.format;
  const known = OUTPUT_FORMATS.find((name) => name === text);
  if (known === undefined) throw new UsageError(`--format must be ${OUTPUT_FORMATS.join(' or ')}, got ${JSON.stringify(text)}`);
  return known;
}
