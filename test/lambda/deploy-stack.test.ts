// The production stack around the function (serverless.yml), read from the CloudFormation template
// `serverless package` writes offline: the output bucket's protection, the failure alarms, ARNs
// for any AWS partition, the optional parameters off (default) and on, strict validation.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EDGE_MAP_TAG } from '../../src/lambda/s3-transfer';
import { actionsOf, DEFAULT_PARAMS, EVENTBRIDGE, EVERY_OPTION, KMS_KEY, packageStack, ROOT, runServerless, type Packaged, type Resource, type Statement, type Template } from '../support/serverless';

const RETENTION_SECONDS = 14 * 24 * 3600;

function resourcesOfType(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function alarmsOn(template: Template, metric: string): Array<Record<string, any>> {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => alarm.Properties.MetricName === metric).map(([, alarm]) => alarm.Properties);
}

function alarmOn(template: Template, metric: string): Record<string, any> {
  const alarms = alarmsOn(template, metric);
  assert.equal(alarms.length, 1, `one alarm on ${metric}`);
  return alarms[0];
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
  let derived: Template;

  before(async () => {
    [plain, optioned] = await Promise.all([packageStack(DEFAULT_PARAMS), packageStack(EVERY_OPTION)]);
    [off, on, derived] = [plain.template, optioned.template, (await packageStack(EVENTBRIDGE)).template];
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

  it('keeps the output bucket, and its policy, when the stack is removed or the bucket would be replaced, but not when the first deploy rolls back', () => {
    for (const name of ['OutputBucket', 'OutputBucketPolicy']) {
      const { DeletionPolicy, UpdateReplacePolicy } = off.Resources[name];
      assert.deepEqual({ DeletionPolicy, UpdateReplacePolicy }, { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' }, name);
    }
    const bucket = off.Resources.OutputBucket.Properties;
    assert.equal(bucket.BucketName, DEFAULT_PARAMS.outputBucket);
    assert.deepEqual(bucket.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  });

  it('names the output bucket after the stage, the account and the region unless outputBucket is given (bucket names are global)', () => {
    assert.deepEqual(derived.Resources.OutputBucket.Properties.BucketName, { 'Fn::Sub': 'frame-processor-ci-${AWS::AccountId}-${AWS::Region}' });
    assert.deepEqual(derived.Outputs?.OutputBucketName, { Value: { Ref: 'OutputBucket' } });
  });

  it('publishes no function version (nothing invokes one) and leaves source maps off at run time', () => {
    const functions = resourcesOfType(off, 'AWS::Lambda::Function').filter(([name]) => !name.startsWith('CustomDashresource'));

    assert.deepEqual(resourcesOfType(off, 'AWS::Lambda::Version'), []);
    for (const [name, fn] of functions) assert.equal('NODE_OPTIONS' in fn.Properties.Environment.Variables, false, name);
    assert.equal(on.Resources.ProcessFrameLambdaFunction.Properties.Environment.Variables.NODE_OPTIONS, '--enable-source-maps', 'sourceMaps=on');
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

  it('expires edge maps (the objects tagged as one) only when outputExpirationDays is set, and always clears abandoned multipart uploads', () => {
    const abort = { Id: 'AbortIncompleteUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } };
    const tag = { Key: EDGE_MAP_TAG.key, Value: EDGE_MAP_TAG.value };

    assert.deepEqual(off.Resources.OutputBucket.Properties.LifecycleConfiguration.Rules, [abort]);
    assert.deepEqual(on.Resources.OutputBucket.Properties.LifecycleConfiguration.Rules, [abort, { Id: 'ExpireEdgeMaps', Status: 'Enabled', ExpirationInDays: '30', TagFilters: [tag] }]);
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

  it('alarms, for every function with an on-failure destination, when Lambda cannot deliver a failed event there', () => {
    const alarms = alarmsOn(off, 'DestinationDeliveryFailures');
    const withDestination = resourcesOfType(off, 'AWS::Lambda::EventInvokeConfig')
      .filter(([, config]) => config.Properties.DestinationConfig?.OnFailure)
      .map(([, config]) => config.Properties.FunctionName.Ref);

    assert.deepEqual(withDestination.sort(), ['ProcessFrameLambdaFunction', 'RecordFailedFramesLambdaFunction', 'RecordManifestLambdaFunction', 'RecordMediaConvertTotalLambdaFunction', 'StitchPlanLambdaFunction', 'StitchWorkerLambdaFunction']);
    assert.deepEqual(alarms.map((alarm) => alarm.Dimensions[0].Value.Ref).sort(), withDestination);
    for (const alarm of alarms) {
      assert.deepEqual([alarm.Namespace, alarm.ComparisonOperator, alarm.Threshold, alarm.AlarmActions], ['AWS/Lambda', 'GreaterThanThreshold', 0, [{ Ref: 'FailureAlarmTopic' }]]);
    }
    assert.equal(alarmOn(on, 'IteratorAge').Dimensions[0].Value.Ref, 'AdoptTableTotalsLambdaFunction', 'the stream reader, with trackingTableStream');
    assert.equal(alarmsOn(on, 'DestinationDeliveryFailures').some((alarm) => alarm.Dimensions[0].Value.Ref === 'AdoptTableTotalsLambdaFunction'), true, 'its mapping has a destination');
  });

  it('alarms when any function is throttled for 15 minutes', () => {
    const functions = resourcesOfType(on, 'AWS::Lambda::Function').filter(([name]) => !name.startsWith('CustomDashresource')).map(([name]) => name);
    const alarms = alarmsOn(on, 'Throttles');

    assert.deepEqual(alarms.map((alarm) => alarm.Dimensions[0].Value.Ref).sort(), functions.sort());
    for (const alarm of alarms) assert.deepEqual([alarm.Period * alarm.EvaluationPeriods, alarm.DatapointsToAlarm, alarm.Threshold], [900, 3, 0]);
  });

  it('encrypts both SNS topics: the failure topic with SNS\'s key, the alarm topic with a key CloudWatch may use', () => {
    const key = off.Resources.AlarmTopicKey.Properties;
    const cloudWatch = key.KeyPolicy.Statement.find((statement: Statement) => JSON.stringify(statement.Principal).includes('cloudwatch.amazonaws.com'));

    assert.equal(off.Resources.FailedFramesTopic.Properties.KmsMasterKeyId, 'alias/aws/sns');
    assert.deepEqual(off.Resources.FailureAlarmTopic.Properties.KmsMasterKeyId, { Ref: 'AlarmTopicKey' });
    assert.deepEqual(cloudWatch.Action, ['kms:Decrypt', 'kms:GenerateDataKey*']);
    assert.equal(key.EnableKeyRotation, true);
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
    for (const statement of s3) assert.match(JSON.stringify(statement.Resource), /AWS::Partition|OutputBucket/, 'the ARN takes its partition from AWS::Partition (or the bucket)');
  });
});
