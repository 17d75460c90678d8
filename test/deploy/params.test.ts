// The deployment parameters, checked before anything is packaged (scripts/serverless-params.cjs):
// each rule on its own, the combinations, and `serverless package` itself stopping with the message
// for a bad value, an unknown name, a missing input bucket and a stage too long for AWS's names.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARAMS, runServerless } from '../support/serverless';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { paramProblems } = require('../../scripts/serverless-params.cjs') as { paramProblems: (params: Record<string, string>, cliNames?: string[]) => string[] };

/** Every parameter at its serverless.yml default, with an input bucket. */
const DEFAULTS: Record<string, string> = {
  inputBucket: 'frames-in',
  outputBucket: 'auto',
  trigger: 's3',
  memorySize: '1024',
  blurModifier: '8',
  jpegQuality: '75',
  outputFormat: 'jpeg',
  logLevel: 'INFO',
  sourceMaps: 'off',
  outputExpirationDays: 'none',
  alarmEmail: 'none',
  inputKmsKeyArn: 'none',
  reservedConcurrency: 'none',
  tracking: 'on',
  trackingTable: 'none',
  trackingTableStream: 'none',
  sweepSchedule: 'rate(5 minutes)',
  stitch: 'on',
  stitchSegmentFrames: '300',
  stitchQp: '28',
  stitchWorkerConcurrency: 'none',
};

const problemsWith = (changes: Record<string, string>, cliNames: string[] = []) => paramProblems({ ...DEFAULTS, ...changes }, cliNames);

async function packageWith(params: Record<string, string>, stage = 'ci', region = 'us-east-1') {
  const dir = await mkdtemp(join(tmpdir(), 'frame-processor-params-'));
  try {
    const args = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
    return await runServerless(['package', '--stage', stage, '--region', region, ...args, '--package', dir]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('deploy: the parameters, checked at package time', function () {
  this.timeout(120_000);

  it('accepts the defaults, and every optional parameter off with the word none', () => {
    assert.deepEqual(problemsWith({}), []);
  });

  it('accepts a value for each optional parameter', () => {
    const given = {
      outputBucket: 'edges-out',
      outputExpirationDays: '30',
      alarmEmail: 'ops@example.com',
      inputKmsKeyArn: 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      reservedConcurrency: '10',
      trackingTable: 'mediaconvert-jobs',
      trackingTableStream: 'arn:aws:dynamodb:eu-west-1:111122223333:table/mediaconvert-jobs/stream/2026-11-01T09:00:00.000',
      stitchWorkerConcurrency: '20',
      trigger: 'eventbridge',
      sourceMaps: 'on',
      sweepSchedule: 'cron(0/10 * * * ? *)',
    };
    assert.deepEqual(problemsWith(given), []);
  });

  const refused: Array<[string, Record<string, string>, RegExp]> = [
    ['an empty opt-out', { reservedConcurrency: '' }, /--param reservedConcurrency=: must be none, or a whole number from 1 to 100000/],
    ['a reservation of 0', { stitchWorkerConcurrency: '0' }, /--param stitchWorkerConcurrency=0: must be none, or a whole number from 1/],
    ['a missing input bucket', { inputBucket: 'none' }, /--param inputBucket=none: must be given: the existing bucket your frame capture writes into/],
    ['a bucket name with capitals', { outputBucket: 'Edges' }, /--param outputBucket=Edges: must be auto \(frame-processor-<stage>-<account>-<region>\), or an S3 bucket name/],
    ['the input bucket as the output', { outputBucket: 'frames-in' }, /must not be the input bucket: every edge map written there would trigger the function again/],
    ['a memory size Lambda refuses', { memorySize: '64' }, /--param memorySize=64: must be a whole number from 128 to 10240/],
    ['an unknown trigger', { trigger: 'sqs' }, /--param trigger=sqs: must be s3 or eventbridge/],
    ['an alias ARN for the key', { inputKmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/frames' }, /an alias ARN grants nothing in a policy/],
    ['a stream without its table', { trackingTableStream: 'arn:aws:dynamodb:eu-west-1:111122223333:table/jobs/stream/x' }, /give that table too \(--param trackingTable=NAME\)/],
    ['the stream of another table', { trackingTable: 'other', trackingTableStream: 'arn:aws:dynamodb:eu-west-1:111122223333:table/jobs/stream/x' }, /is the stream of the table jobs, not of trackingTable other/],
    ['the edge video without tracking', { tracking: 'off', stitch: 'on' }, /The edge video \(stitch=on\) needs per-video tracking \(tracking=on\)/],
    ['a schedule EventBridge cannot read', { sweepSchedule: 'every 5 minutes' }, /must be an EventBridge schedule/],
  ];
  for (const [what, changes, message] of refused) {
    it(`refuses ${what}, naming the parameter, the value and what it must be`, () => {
      assert.match(problemsWith(changes).join('\n'), message);
    });
  }

  it('refuses a --param this stack does not know (a misspelt name would be ignored)', () => {
    assert.deepEqual(problemsWith({}, ['reservedconcurrency']), ['--param reservedconcurrency: this stack has no such parameter (docs/operations.md, "Parameters", lists them)']);
  });

  it('stops `serverless package` with the message, before anything is packaged', async () => {
    const unknown = await packageWith({ ...DEFAULT_PARAMS, reservedconcurrency: '5' });
    const noInput = await packageWith({ outputBucket: 'edges-out' });

    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr + unknown.stdout, /--param reservedconcurrency: this stack has no such parameter/);
    assert.notEqual(noInput.code, 0);
    assert.match(noInput.stderr + noInput.stdout, /--param inputBucket=none: must be given/);
  });

  it('refuses a stage whose names would pass AWS limits, with the longest stage name that fits', async () => {
    const stage = 'a-stage-name-that-is-far-too-long';
    const result = await packageWith(DEFAULT_PARAMS, stage);

    assert.notEqual(result.code, 0);
    // "frame-processor-" + stage + "-recordMediaConvertTotal": the longest function name is 64 at most.
    const longest = 64 - 'frame-processor--recordMediaConvertTotal'.length;
    assert.match(result.stderr + result.stdout, new RegExp(`--stage ${stage}: the function name frame-processor-${stage}-recordMediaConvertTotal is \\d+ characters; AWS allows 64 \\(and 2 more names\\)\\. Use a stage name of at most ${longest} characters\\.`));
  });

  it("refuses a stage that would make the default output bucket's name one S3 refuses, unless the bucket is named", async () => {
    // 21 characters: every function name fits (24 at most), "frame-processor-<stage>-<account>-ap-southeast-2" does not (63).
    const derived = await packageWith({ inputBucket: 'frames-in' }, 'a-twenty-one-chr-stag', 'ap-southeast-2');
    const capitals = await packageWith({ inputBucket: 'frames-in' }, 'Prod');

    assert.notEqual(derived.code, 0);
    assert.match(derived.stderr + derived.stdout, /the output bucket's default name frame-processor-a-twenty-one-chr-stag-123456789012-ap-southeast-2 would be 65 characters; S3 allows 63\. Use a stage name of at most 19 characters, or give the bucket a name: --param outputBucket=NAME/);
    assert.notEqual(capitals.code, 0);
    assert.match(capitals.stderr + capitals.stdout, /--stage Prod: the output bucket's default name frame-processor-Prod-123456789012-us-east-1 would not be a bucket name \(lower case only\)/);
  });
});
