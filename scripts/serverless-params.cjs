// An osls plugin that checks every deployment parameter (`--param name=value`, or its default in
// serverless.yml) before anything is packaged or deployed, and stops with one message naming the
// parameter, the value and what it must be. Optional parameters are off with the word `none` (an
// empty `--param` cannot be typed: osls refuses it), so no empty string ever reaches the template.
// A `--param` this stack does not know is refused too: a misspelt name would otherwise be ignored.
// serverless.yml passes every parameter, resolved, in `custom.params`.
// Plain CommonJS: the framework loads plugins with require(), before anything is compiled.
'use strict';

const NONE = 'none';
const SWITCH = ['on', 'off'];
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
// see: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
const TABLE = /^[A-Za-z0-9_.-]{3,255}$/;
const KMS_KEY = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const STREAM = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([A-Za-z0-9_.-]{3,255})\/stream\/[^/]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
// see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^)]+\))$/;
// see: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (128 MB to 10,240 MB)
const MEMORY = { min: 128, max: 10240 };

const bucket = (value) => (BUCKET.test(value) && !value.includes('..') ? undefined : 'an S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens, a letter or digit at both ends)');
const integer = (min, max) => (value) => {
  const number = /^\d+$/.test(value) ? Number(value) : NaN;
  return number >= min && number <= max ? undefined : `a whole number from ${min} to ${max}`;
};
const oneOf = (words) => (value) => (words.includes(value) ? undefined : words.join(' or '));
const optional = (check) => (value) => {
  if (value === NONE) return undefined;
  const problem = check(value);
  return problem && `${NONE}, or ${problem}`;
};
const matching = (pattern, what) => (value) => (pattern.test(value) ? undefined : what);
// The functions' own settings (BLUR_MODIFIER, STITCH_QP...): their readers check them at cold start.
const anything = () => undefined;

/** Every parameter serverless.yml reads: the rule its value must follow. */
const RULES = {
  inputBucket: (value) => (value === NONE ? 'given: the existing bucket your frame capture writes into (--param inputBucket=NAME)' : bucket(value)),
  outputBucket: (value) => (value === 'auto' ? undefined : bucket(value) && `auto (frame-processor-<stage>-<account>-<region>), or ${bucket(value)}`),
  memorySize: integer(MEMORY.min, MEMORY.max),
  trigger: oneOf(['s3', 'eventbridge']),
  sourceMaps: oneOf(SWITCH),
  blurModifier: anything,
  jpegQuality: anything,
  outputFormat: anything,
  logLevel: anything,
  outputExpirationDays: optional(integer(1, 36500)),
  alarmEmail: optional(matching(EMAIL, 'an e-mail address')),
  inputKmsKeyArn: optional(matching(KMS_KEY, 'the ARN of a KMS key (arn:<partition>:kms:<region>:<account>:key/<id>; an alias ARN grants nothing in a policy)')),
  reservedConcurrency: optional(integer(1, 100000)),
  tracking: oneOf(SWITCH),
  trackingTable: optional(matching(TABLE, 'a DynamoDB table name (3-255 characters: letters, digits, _ - .)')),
  trackingTableStream: optional(matching(STREAM, 'the ARN of a DynamoDB stream (arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>)')),
  sweepSchedule: matching(SCHEDULE, 'an EventBridge schedule: rate(N minutes|hours|days) or cron(...)'),
  stitch: oneOf(SWITCH),
  stitchSegmentFrames: anything,
  stitchQp: anything,
  stitchWorkerConcurrency: optional(integer(1, 100000)),
};

/** What is wrong with the parameters taken together (each one alone being valid). */
function combinationProblems(params) {
  const problems = [];
  if (params.inputBucket === params.outputBucket) {
    problems.push(`--param outputBucket=${params.outputBucket}: must not be the input bucket: every edge map written there would trigger the function again`);
  }
  if (params.stitch === 'on' && params.tracking === 'off') {
    problems.push(
      'The edge video (stitch=on) needs per-video tracking (tracking=on): the stitch is planned when tracking completes a video, ' +
        'and reads and re-drives it through the tracking table. Deploy with --param tracking=on, or without the edge video: --param stitch=off.',
    );
  }
  if (params.trackingTableStream !== NONE) {
    const table = STREAM.exec(params.trackingTableStream)?.[1];
    if (params.trackingTable === NONE) problems.push('--param trackingTableStream is the stream of an existing table: give that table too (--param trackingTable=NAME)');
    else if (table !== undefined && table !== params.trackingTable) problems.push(`--param trackingTableStream=${params.trackingTableStream}: is the stream of the table ${table}, not of trackingTable ${params.trackingTable}`);
  }
  return problems;
}

/** Every problem with `params` (resolved values) and with the names given on the command line. */
function paramProblems(params, cliNames = []) {
  const problems = [];
  for (const name of cliNames) if (!(name in RULES)) problems.push(`--param ${name}: this stack has no such parameter (docs/operations.md, "Parameters", lists them)`);
  for (const [name, rule] of Object.entries(RULES)) {
    const value = params[name];
    if (value === undefined || value === null) {
      problems.push(`parameter ${name}: missing from custom.params in serverless.yml`);
      continue;
    }
    const problem = rule(String(value));
    if (problem) problems.push(`--param ${name}=${value}: must be ${problem}`);
  }
  return problems.length > 0 ? problems : combinationProblems(params);
}

class DeployParams {
  constructor(serverless) {
    // The framework's own error class prints the message alone, without a stack.
    const ServerlessError = (serverless.classes && serverless.classes.Error) || Error;
    this.hooks = {
      initialize: () => {
        const params = (serverless.service.custom && serverless.service.custom.params) || {};
        const given = ((serverless.processedInput && serverless.processedInput.options.param) || []).map((item) => String(item).split('=')[0]);
        const problems = paramProblems(params, given);
        if (problems.length > 0) throw new ServerlessError(problems.join('\n'));
      },
    };
  }
}

module.exports = DeployParams;
module.exports.paramProblems = paramProblems;
module.exports.NONE = NONE;
