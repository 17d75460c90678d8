// Command-line parsing shared by the programs (`frame-processor`, `npm start`): node's parseArgs
// (strict: unknown options, missing values and stray arguments refused) and the one number parser,
// each refusal a UsageError naming the option, which the programs print with their usage (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';
import { describeRule, parseNumber, type NumberRule } from './settings';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** parseArgs(config) over config.args, its errors as UsageError; a negative number is taken as an option's value. */
export function parseCommandLine<T extends ParseArgsConfig & { args: string[] }>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ ...config, args: attachNegativeValues(config.args, config.options ?? {}) });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The option's number, `fallback` when it is not given; a value outside `rule` is a UsageError saying why. */
export function numberOption(flag: string, text: string | undefined, fallback: number, rule: NumberRule): number {
  if (text === undefined) return fallback;
  const value = parseNumber(text, rule);
  if (value !== undefined) return value;
  const negative = rule.min >= 0 && (parseNumber(text, { min: -Infinity }) ?? 0) < 0;
  throw new UsageError(`${flag} must be ${describeRule(rule)}, got ${JSON.stringify(text)}${negative ? ' (a negative value is invalid)' : ''}`);
}

/**
 * `--quality -5` as `--quality=-5` (and `-j -2` as `-j-2`): parseArgs calls a value that starts
 * with '-' ambiguous, but a negative number after an option that takes a value can only be that
 * value, which the number rules then refuse with the reason.
 */
function attachNegativeValues(argv: string[], options: OptionsConfig): string[] {
  const forms = valuedFlags(options);
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const form = forms.get(argv[i]);
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

/** The spellings of the options that take a value: --name and -s. */
function valuedFlags(options: OptionsConfig): Map<string, 'long' | 'short'> {
  const forms = new Map<string, 'long' | 'short'>();
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== 'string') continue;
    forms.set(`--${name}`, 'long');
    if (option.short) forms.set(`-${option.short}`, 'short');
  }
  return forms;
}
