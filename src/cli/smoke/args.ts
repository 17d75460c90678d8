// `frame-processor smoke`'s command line: which stack (a deployed stage's CloudFormation outputs, or
// the outputs file `npm start` writes), how long to wait, whether to keep what it made. Refusals are
// UsageErrors (exit 2).
import { numberOption, parseCommandLine } from '../../core/command-line';
import { UsageError } from '../../core/errors';

const OPTIONS = {
  stage: { type: 'string' },
  stack: { type: 'string' },
  outputs: { type: 'string' },
  timeout: { type: 'string' },
  keep: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const DEFAULT_TIMEOUT_SECONDS = 600;

export const SMOKE_USAGE = `usage: frame-processor smoke [--stage S | --stack NAME | --outputs FILE] [--timeout SECONDS] [--keep]

  The check to run after a deploy: a 12-frame synthetic video (and its capture.json) uploaded under
  a new prefix of the input bucket, then each thing the stack should make waited for and checked:
  the edge maps, video.json (tracking on), the "Video Frames Processed" event's effect (the edge
  video planned) and edges.mp4 (edge video on). Prints the time to every step, removes what it
  made, and exits 0 only when everything arrived (1 if something did not, 2 for a usage error).
  --stage S          the deployed stage (default dev): its stack is frame-processor-S
  --stack NAME       the stack whose outputs name the buckets and the table
  --outputs FILE     a file of the stack's outputs instead: the local stack (npm start) writes
                     <data-dir>/stack-outputs.json, with where its servers are
  --timeout SECONDS  how long to wait for everything, 1..3600 (default ${DEFAULT_TIMEOUT_SECONDS})
  --keep             leave the uploaded video and everything made from it in place

AWS's region and credentials come from the AWS SDK's environment (AWS_REGION, AWS_PROFILE...).`;

export interface SmokeOptions {
  /** The stack to read the outputs of, or the outputs file. */
  target: { stack: string } | { file: string };
  timeoutMs: number;
  keep: boolean;
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

/** The options, or null for --help; throws UsageError. */
export function parseSmokeArgs(argv: string[]): SmokeOptions | null {
  const { values } = parseCommandLine({ args: argv, options: OPTIONS, allowPositionals: false });
  if (values.help) return null;
  const given = (['stage', 'stack', 'outputs'] as const).filter((name) => values[name] !== undefined);
  if (given.length > 1) throw new UsageError(`smoke: --${given.join(' and --')} exclude each other`);
  const stack = values.stack ?? `frame-processor-${values.stage ?? 'dev'}`;
  if (values.outputs === undefined && !STACK_NAME.test(stack)) throw new UsageError(`smoke: ${JSON.stringify(stack)} is not a stack name`);
  return {
    target: values.outputs !== undefined ? { file: values.outputs } : { stack },
    timeoutMs: numberOption('--timeout', values.timeout, DEFAULT_TIMEOUT_SECONDS, { integer: true, min: 1, max: 3600 }) * 1000,
    keep: values.keep ?? false,
  };
}
