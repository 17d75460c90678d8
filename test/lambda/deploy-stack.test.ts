// The production stack around the function (serverless.yml), read from the CloudFormation template
// `serverless package` writes offline: the output bucket's protection, the failure alarms, ARNs
// for any AWS partition, the optional parameters off (default) and on, strict validation.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asDeployed } from '../support/cloudformation';
import { actionsOf, DEFAULT_PARAMS, EVERY_OPTION, KMS_KEY, packageStack, ROOT, runServerless, type Packaged, type Resource, type Statement, type Template } from '../support/serverless';

const RETENTION_SECONDS = 14 * 24 * 3600;

function resourcesOfType(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function alarmOn(template: Template, metric: string): Record<string, any> {
  const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => alarm.Properties.MetricName === metric);
  assert.equal(alarms.length, 1, `one alarm on ${metric}`);
  return alarms[0][1].Properties;
}

function policyStatements(template: Template): Statement[] {
  const documents = Object.values(template.Resources).flatMap((resource) => {
    if (resource.Type === 'AWS::IAM::Role') return (resource.Properties.Policies ?? []).map((policy: any) => policy.PolicyDocument);
    return resource.Type === 'AWS::IAM::Policy' ? [resource.Properties.PolicyDocument] : [];
  });
  return documents.flatMap((document) => document.Statement as Statement[]);
}

function warningsIn(output: string): string[] {
  return output.split('\n').filter((line) => /warn|invalid|unrecognized|deprecat/i.test(line));
}

describe('deploy: the stack around the function (serverless.yml)', function () {
  this.timeout(180_000);
  let plain: Packaged;
  let optioned: Packaged;
  let off: Template;
  let on: Template;

  before(async () => {
    [plain, optioned] = await Promise.all([packageStack(DEFAULT_PARAMS), packageStack(EVERY_OPTION)]);
    [off, on] = [asDeployed(plain.template), asDeployed(optioned.template)];
  });

  it('validates serverless.yml strictly: packaging prints no warning, with or without the optional parameters', () => {
    assert.deepEqual(warningsIn(plain.stderr + plain.stdout), []);
    assert.deepEqual(warningsIn(optioned.stderr + optioned.stdout), []);
  });

  it('stops with an error naming a misspelt property instead of ignoring it', async () => {
    const service = await mkdtemp(join(tmpdir(), 'frame-processor-typo-'));
    try {
      const config = await readFile(join(ROOT, 'serverless.yml'), 'utf8');
      const misspelt = config.replace(/^ {6}timeout: /m, '      timout: ');
      assert.notEqual(misspelt, config, 'serverless.yml no longer has the function timeout this test misspells');
      await writeFile(join(service, 'serverless.yml'), misspelt);
      await cp(join(ROOT, 'scripts'), join(service, 'scripts'), { recursive: true });
      await cp(join(ROOT, 'deploy'), join(service, 'deploy'), { recursive: true });
      await cp(join(ROOT, 'package.json'), join(service, 'package.json'));
      await symlink(join(ROOT, 'node_modules'), join(service, 'node_modules'));

      const result = await runServerless(['print', '--stage', 'ci', '--param', 'inputBucket=in', '--param', 'outputBucket=out'], service);

      assert.notEqual(result.code, 0, result.stdout);
      assert.match(result.stderr + result.stdout, /unrecognized property 'timout'/);
    } finally {
      await rm(service, { recursive: true, force: true });
    }
  });

  it('keeps the output bucket, and its policy, when the stack is removed or the bucket would be replaced', () => {
    for (const name of ['OutputBucket', 'OutputBucketPolicy']) {
      const { DeletionPolicy, UpdateReplacePolicy } = off.Resources[name];
      assert.deepEqual({ DeletionPolicy, UpdateReplacePolicy }, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }, name);
    }
    const bucket = off.Resources.OutputBucket.Properties;
    assert.equal(bucket.BucketName, DEFAULT_PARAMS.outputBucket);
    assert.deepEqual(bucket.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  });

  it('denies every request to the output bucket and its objects that does not use TLS', () => {
    const policy = off.Resources.OutputBucketPolicy.Properties;

    assert.deepEqual(policy.Bucket, { Ref: 'OutputBucket' });
    assert.deepEqual(policy.PolicyDocument.Statement, [
      {
        Sid: 'DenyPlainHttp',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [{ 'Fn::GetAtt': ['OutputBucket', 'Arn'] }, { 'Fn::Sub': '${OutputBucket.Arn}/*' }],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('expires edge maps only when outputExpirationDays is set, and always clears abandoned multipart uploads', () => {
    const abort = { Id: 'AbortIncompleteUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } };

    assert.deepEqual(off.Resources.OutputBucket.Properties.LifecycleConfiguration.Rules, [abort]);
    assert.deepEqual(on.Resources.OutputBucket.Properties.LifecycleConfiguration.Rules, [abort, { Id: 'ExpireEdgeMaps', Status: 'Enabled', ExpirationInDays: '30' }]);
  });

  it('alarms when the first failed frame reaches the failed-frames queue', () => {
    const alarm = alarmOn(off, 'ApproximateNumberOfMessagesVisible');

    assert.equal(alarm.Namespace, 'AWS/SQS');
    assert.deepEqual(alarm.Dimensions, [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['FailedFramesQueue', 'QueueName'] } }]);
    assert.deepEqual([alarm.ComparisonOperator, alarm.Threshold, alarm.EvaluationPeriods], ['GreaterThanThreshold', 0, 1]);
    assert.equal(alarm.TreatMissingData, 'notBreaching');
    assert.deepEqual(alarm.AlarmActions, [{ Ref: 'FailureAlarmTopic' }]);
  });

  it('alarms again, long before SQS would delete a failed frame, while one is still waiting', () => {
    const alarm = alarmOn(off, 'ApproximateAgeOfOldestMessage');
    const retention = off.Resources.FailedFramesQueue.Properties.MessageRetentionPeriod;

    assert.equal(retention, RETENTION_SECONDS);
    assert.deepEqual(alarm.Dimensions, [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['FailedFramesQueue', 'QueueName'] } }]);
    assert.equal(alarm.ComparisonOperator, 'GreaterThanOrEqualToThreshold');
    assert.ok(alarm.Threshold <= retention / 2, `the age alarm fires after ${alarm.Threshold} s, more than half the retention`);
    assert.deepEqual(alarm.AlarmActions, [{ Ref: 'FailureAlarmTopic' }]);
  });

  it('alarms when Lambda cannot deliver a failed event to the failure topic', () => {
    const alarm = alarmOn(off, 'DestinationDeliveryFailures');

    assert.equal(alarm.Namespace, 'AWS/Lambda');
    assert.deepEqual(alarm.Dimensions, [{ Name: 'FunctionName', Value: { Ref: 'ProcessFrameLambdaFunction' } }]);
    assert.deepEqual([alarm.ComparisonOperator, alarm.Threshold], ['GreaterThanThreshold', 0]);
    assert.deepEqual(alarm.AlarmActions, [{ Ref: 'FailureAlarmTopic' }]);
  });

  it('alarms when the failure topic cannot deliver a failed event (to the queue or the recorder), and when a sweeper (tracking, edge video) cannot finish a video', () => {
    const fanOut = alarmOn(off, 'NumberOfNotificationsFailed');
    const sweepers = resourcesOfType(off, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties).filter((alarm) => alarm.MetricName === 'Errors');

    assert.deepEqual([fanOut.Namespace, fanOut.Dimensions], ['AWS/SNS', [{ Name: 'TopicName', Value: { 'Fn::GetAtt': ['FailedFramesTopic', 'TopicName'] } }]]);
    assert.deepEqual(sweepers.map((alarm) => alarm.Dimensions), ['SweepVideosLambdaFunction', 'SweepStitchesLambdaFunction'].map((fn) => [{ Name: 'FunctionName', Value: { Ref: fn } }]));
    for (const alarm of [fanOut, ...sweepers]) {
      assert.deepEqual([alarm.ComparisonOperator, alarm.Threshold, alarm.AlarmActions], ['GreaterThanThreshold', 0, [{ Ref: 'FailureAlarmTopic' }]]);
    }
  });

  it('e-mails the alarms only when alarmEmail is set, and exports the alarm topic for other subscribers', () => {
    const subscriptions = (template: Template) =>
      resourcesOfType(template, 'AWS::SNS::Subscription')
        .map(([, resource]) => resource.Properties)
        .filter((subscription) => subscription.Protocol === 'email');

    assert.deepEqual(subscriptions(off), []);
    assert.deepEqual(subscriptions(on), [{ TopicArn: { Ref: 'FailureAlarmTopic' }, Protocol: 'email', Endpoint: 'frames@example.com' }]);
    assert.deepEqual(off.Outputs?.FailureAlarmTopicArn, { Value: { Ref: 'FailureAlarmTopic' } });
  });

  it('grants kms:Decrypt, on the given key only, to the functions that read the input bucket, when inputKmsKeyArn is set', () => {
    const kms = (template: Template) => policyStatements(template).filter((statement) => actionsOf(statement).some((action) => action.startsWith('kms:')));
    const decrypt = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: KMS_KEY };

    assert.deepEqual(kms(off), []);
    assert.deepEqual(kms(on), [decrypt, decrypt]);
    assert.deepEqual(on.Resources.InputKeyDecryptPolicy.Properties.Roles, [{ Ref: 'ProcessFrameRole' }]);
    assert.deepEqual(on.Resources.RecordManifestKeyDecryptPolicy.Properties.Roles, [{ Ref: 'RecordManifestRole' }]);
  });

  it('reserves concurrency for the function only when reservedConcurrency is set', () => {
    assert.equal('ReservedConcurrentExecutions' in off.Resources.ProcessFrameLambdaFunction.Properties, false);
    assert.equal(on.Resources.ProcessFrameLambdaFunction.Properties.ReservedConcurrentExecutions, '10');
  });

  it('names no partition in any ARN, so the stack deploys to GovCloud and China as well', () => {
    for (const template of [plain.template, optioned.template]) assert.doesNotMatch(JSON.stringify(template), /arn:aws:/);
    const s3 = policyStatements(off).filter((statement) => actionsOf(statement).some((action) => action.startsWith('s3:')));
    assert.ok(s3.length > 0);
    for (const statement of s3) assert.match(JSON.stringify(statement.Resource), /AWS::Partition/, 'the ARN takes its partition from AWS::Partition');
  });
});
