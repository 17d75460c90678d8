// Command-line parsing for `frame-processor`: options validated once, usage errors as UsageError.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { OutputFormat } from '../core/pipeline';

export const USAGE = `usage: frame-processor <input>... --out <dir> [--blur-modifier N] [--quality Q] [--format jpeg|png] [--concurrency N]

  <input>            JPEG files or directories (searched recursively for .jpg/.jpeg, any case)
  --out DIR          output folder; outputs mirror the inputs' relative paths
  --blur-modifier N  sigma = width * height / 3630000 * N; 0 = no blur (default 8)
  --quality Q        JPEG quality 1..100 (default 75)
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

/** A bad command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
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
    blurModifier: number('--blur-modifier', values['blur-modifier'], 8, (n) => n >= 0, 'a finite number >= 0'),
    quality: number('--quality', values.quality, 75, (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'an integer from 1 to 100'),
    format: format(values.format),
    concurrency: number('--concurrency', values.concurrency, availableParallelism(), (n) => Number.isInteger(n) && n >= 1 && n <= 256, 'an integer from 1 to 256'),
  };
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        'blur-modifier': { type: 'string' },
        quality: { type: 'string', short: 'q' },
        format: { type: 'string' },
        concurrency: { type: 'string', short: 'j' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function number(flag: string, text: string | undefined, fallback: number, valid: (n: number) => boolean, expected: string): number {
  if (text === undefined) return fallback;
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value) || !valid(value)) throw new UsageError(`${flag} must be ${expected}, got ${JSON.stringify(text)}`);
  return value;
}

function format(text: string | undefined): OutputFormat {
  if (text === undefined) return 'jpeg';
  if (text === 'jpeg' || text === 'png') return text;
  throw new UsageError(`--format must be jpeg or png, got ${JSON.stringify(text)}`);
}
