// `frame-processor backfill`'s command line: the bucket (and prefix, and suffixes) whose frames an
// S3 Batch Operations job hands to the deployed function, and where the job's role, function and
// report bucket come from (the stack's outputs, unless given). Refusals are UsageErrors.
import { parseCommandLine } from '../core/command-line';
import { UsageError } from '../core/errors';
import { isBucketName } from '../lambda/config';

const OPTIONS = {
  bucket: { type: 'string' },
  prefix: { type: 'string' },
  suffix: { type: 'string', multiple: true },
  stage: { type: 'string' },
  stack: { type: 'string' },
  'function-arn': { type: 'string' },
  'role-arn': { type: 'string' },
  'report-bucket': { type: 'string' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const BACKFILL_USAGE = `usage: frame-processor backfill --bucket NAME [--prefix P] [--suffix S]... [--stage S | --stack NAME]
                                [--function-arn ARN] [--role-arn ARN] [--report-bucket NAME] [--dry-run]

  Creates an S3 Batch Operations job that runs the deployed function on every object of the bucket
  (under the prefix): S3 lists the bucket, invokes the function once per object, retries what
  failed for a while, and writes a completion report to the report bucket under backfill-reports/.
  --bucket NAME         the input bucket (the frames)
  --prefix P            only keys starting with P
  --suffix S            only keys ending with S (S3 takes one suffix per job: one job per --suffix);
                        without it every key is handed over and the function skips non-frames
  --stage S             the deployed stage (default dev): its stack is frame-processor-S
  --stack NAME          the stack whose outputs name the role, function and output bucket
  --function-arn ARN    the function to invoke (default: the stack's ProcessFrameFunctionArn)
  --role-arn ARN        the role the job runs as (default: the stack's BatchOperationsRoleArn)
  --report-bucket NAME  where the report goes (default: the stack's OutputBucketName)
  --dry-run             print the CreateJob requests instead of sending them`;

export interface BackfillOptions {
  bucket: string;
  prefix: string;
  suffixes: string[];
  stack: string;
  functionArn?: string;
  roleArn?: string;
  reportBucket?: string;
  dryRun: boolean;
}

/** S3 key constraints are strings of 1 to 1024 characters. */
const MAX_KEY_PART = 1024;
/** What CloudFormation and the serverless stage accept in a name. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const ROLE_ARN = /^arn:[a-z-]+:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const FUNCTION_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9$_-]+)?$/;

/** The options, or null for --help; throws UsageError. */
export function parseBackfillArgs(argv: string[]): BackfillOptions | null {
  const { values } = parseCommandLine({ args: argv, options: OPTIONS, allowPositionals: false });
  if (values.help) return null;
  if (values.bucket === undefined) throw new UsageError('--bucket NAME is required');
  checkedBucket('--bucket', values.bucket);
  const prefix = values.prefix ?? '';
  const suffixes = values.suffix ?? [];
  for (const [flag, text] of [['--prefix', prefix], ...suffixes.map((suffix) => ['--suffix', suffix])]) {
    if (text.length > MAX_KEY_PART || (flag === '--suffix' && text === '')) throw new UsageError(`${flag} must be 1 to ${MAX_KEY_PART} characters`);
  }
  if (values.stage !== undefined && values.stack !== undefined) throw new UsageError('give --stage or --stack, not both');
  const stack = values.stack ?? `frame-processor-${values.stage ?? 'dev'}`;
  if (!STACK_NAME.test(stack)) throw new UsageError(`${values.stack ? '--stack' : '--stage'}: "${stack}" is not a stack name`);
  return {
    bucket: values.bucket,
    prefix,
    suffixes,
    stack,
    functionArn: checked('--function-arn', values['function-arn'], FUNCTION_ARN, 'a Lambda function ARN'),
    roleArn: checked('--role-arn', values['role-arn'], ROLE_ARN, 'an IAM role ARN'),
    reportBucket: checkedBucket('--report-bucket', values['report-bucket']),
    dryRun: values['dry-run'] === true,
  };
}

function checked(flag: string, value: string | undefined, pattern: RegExp, what: string): string | undefined {
  if (value !== undefined && !pattern.test(value)) throw new UsageError(`${flag} ${value} is not ${what}`);
  return value;
}

function checkedBucket(flag: string, name: string | undefined): string | undefined {
  if (name !== undefined && !isBucketName(name)) throw new UsageError(`${flag} ${name} is not an S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens)`);
  return name;
}
