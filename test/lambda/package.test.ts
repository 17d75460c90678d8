// `serverless package` (osls) run offline with dummy credentials: the CloudFormation template it
// writes, then the packaged zip itself, unzipped and run in a fresh Node process against a real
// local S3 server, as Lambda would run it.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { processFrame } from '../../src/core/pipeline';
import { recordFor } from '../support/events';
import { makeJpeg } from '../support/jpegs';
import { HOST_NODE } from '../support/node22';
import { invokeBundle, PACKAGE, packageFunction, unpackBundle, type Template } from '../support/packaged-function';
import { startTestS3, type TestS3 } from '../support/s3-server';

const INPUT = PACKAGE.inputBucket;
const OUTPUT = PACKAGE.outputBucket;

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

function actionsOf(statement: Statement): string[] {
  return ([] as string[]).concat(statement.Action);
}

describe('deploy: serverless package (osls, offline)', function () {
  this.timeout(180_000);
  let zip: string;
  let template: Template;
  let stderr: string;

  before(async () => {
    ({ zip, template, stderr } = await packageFunction());
  });

  it('validates serverless.yml with one warning only, about the v4 `build` block', () => {
    const warnings = stderr.split('\n').filter((line) => /unrecognized property|Invalid configuration/i.test(line));
    assert.deepEqual(
      warnings.map((line) => line.trim()),
      ['Warning: Invalid configuration encountered', "at root: unrecognized property 'build'"],
    );
  });

  it('declares the function: nodejs22.x on arm64, the bundled handler, 120 s, memory from --param, the environment', () => {
    const fn = template.Resources.ProcessFrameLambdaFunction.Properties;

    assert.equal(fn.Runtime, 'nodejs22.x');
    assert.deepEqual(fn.Architectures, ['arm64']);
    assert.equal(fn.Handler, 'src/lambda/handler.handler');
    assert.equal(fn.Timeout, 120);
    assert.equal(fn.MemorySize, PACKAGE.memorySize);
    assert.deepEqual(fn.Environment.Variables, {
      OUTPUT_BUCKET: OUTPUT,
      BLUR_MODIFIER: '8',
      JPEG_QUALITY: '75',
      OUTPUT_FORMAT: 'jpeg',
      LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'frame-processor',
      POWERTOOLS_METRICS_NAMESPACE: 'FrameProcessor',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('subscribes to ObjectCreated on the existing input bucket with the .jpg/.jpeg suffix filters', () => {
    const notifications = Object.values(template.Resources).filter((resource) => resource.Type === 'Custom::S3');

    assert.equal(notifications.length, 1);
    const { BucketName, BucketConfigs } = notifications[0].Properties;
    assert.equal(BucketName, INPUT);
    assert.deepEqual(BucketConfigs, ['.jpg', '.jpeg', '.JPG', '.JPEG'].map((suffix) => ({ Event: 's3:ObjectCreated:*', Rules: [{ Suffix: suffix }] })));
    assert.ok(!Object.values(template.Resources).some((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === INPUT), 'the input bucket must not be created');
  });

  it("grants exactly GetObject on the input bucket's objects, PutObject on the output bucket's, logs and the failure queue", () => {
    const statements = template.Resources.IamRoleLambdaExecution.Properties.Policies[0].PolicyDocument.Statement as Statement[];
    const s3 = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')));
    const others = statements.filter((statement) => !s3.includes(statement));

    assert.deepEqual(
      s3.map((statement) => ({ effect: statement.Effect, actions: actionsOf(statement), resource: statement.Resource })),
      [
        { effect: 'Allow', actions: ['s3:GetObject'], resource: `arn:aws:s3:::${INPUT}/*` },
        { effect: 'Allow', actions: ['s3:PutObject'], resource: `arn:aws:s3:::${OUTPUT}/*` },
      ],
    );
    const otherActions = others.flatMap(actionsOf).sort();
    assert.deepEqual(otherActions, ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:TagResource', 'sqs:SendMessage']);
    const queue = others.find((statement) => actionsOf(statement).includes('sqs:SendMessage'))!;
    assert.deepEqual(queue.Resource, { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] });
  });

  it("limits the framework's notification helper to the input bucket itself (no S3 wildcard)", () => {
    const role = template.Resources.IamRoleCustomResourcesLambdaExecution.Properties;
    const statements = role.Policies[0].PolicyDocument.Statement as Statement[];
    const s3 = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')));

    assert.deepEqual(s3.map(actionsOf), [['s3:PutBucketNotification', 's3:GetBucketNotification']]);
    assert.deepEqual(s3[0].Resource, { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 's3', '', '', INPUT]] });
  });

  it('keeps failed events: two retries, then the on-failure SQS queue with 14-day retention', () => {
    const config = template.Resources.ProcessFrameLambdaEvConf.Properties;
    const queue = template.Resources.FailedFramesQueue;

    assert.equal(config.MaximumRetryAttempts, 2);
    assert.deepEqual(config.DestinationConfig, { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] } } });
    assert.equal(queue.Type, 'AWS::SQS::Queue');
    assert.equal(queue.Properties.MessageRetentionPeriod, 14 * 24 * 3600);
  });

  it('creates the output bucket', () => {
    const bucket = template.Resources.OutputBucket;

    assert.equal(bucket.Type, 'AWS::S3::Bucket');
    assert.equal(bucket.Properties.BucketName, OUTPUT);
  });

  describe('the packaged zip, run as deployed', () => {
    let s3: TestS3;
    let bundleDir: string;
    let entries: string[];

    before(async () => {
      s3 = await startTestS3([INPUT, OUTPUT]);
      ({ dir: bundleDir, entries } = await unpackBundle(zip));
    });
    after(async () => {
      await s3?.close();
      if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
    });

    const invoke = (records: ReturnType<typeof recordFor>[]) => invokeBundle(bundleDir, HOST_NODE, { Records: records }, s3.endpoint);

    it('holds only the minified handler and its source map', () => {
      assert.deepEqual(entries.sort(), ['src/lambda/handler.js', 'src/lambda/handler.js.map']);
    });

    it('processes an S3 event with the WebAssembly inside the bundle, byte for byte as the source does', async () => {
      const key = 'camera 1/Кадр+1.jpg';
      const frame = makeJpeg(96, 64, 11);
      await s3.put(INPUT, key, frame);

      const result = await invoke([recordFor(INPUT, encodeEventKey(key))]);

      assert.ok(result.ok, result.stderr);
      const output = await s3.get(OUTPUT, key);
      const expected = processFrame(frame, { blurModifier: 8, quality: 75, format: 'jpeg' });
      assert.deepEqual(output.body, Buffer.from(expected.bytes));
      const log = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      assert.ok(log.some((line) => line.message === 'frame processed' && line.key === key && line.width === 94));
      assert.ok(log.some((line) => line._aws && line.FramesProcessed === 1));
    });

    it('fails the invocation, naming the bad key, when a record fails', async () => {
      await s3.put(INPUT, 'broken.jpg', 'not a jpeg', 'text/plain');

      const result = await invoke([recordFor(INPUT, 'broken.jpg')]);

      assert.equal(result.ok, false);
      assert.match(result.stderr, /FramesFailedError: 1 of 1 frames failed:\n {2}"ci-raw-frames\/broken\.jpg": not a JPEG/);
    });
  });
});
