// What scripts/serverless-template.cjs makes of the compiled template, and the trigger option:
// event sources wait for the policies of the functions they invoke; with trigger=eventbridge the
// input bucket's notifications are left alone and rules of the stack invoke the functions (their
// dead letters in the failed-frames queue, alarms when frames arrive but nothing is invoked); the
// stalled-video alarm; the outputs `frame-processor smoke` reads.
import assert from 'node:assert/strict';
import { DEFAULT_PARAMS, EVENTBRIDGE, EVERY_OPTION, packageStack, type Resource, type Statement, type Template } from '../support/serverless';

const ofType = (template: Template, type: string) => Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
const ruleOf = (template: Template, name: string) => ofType(template, 'AWS::Events::Rule').find(([, rule]) => rule.Properties.Name === name)?.[1] as Resource;
const dependsOn = (resource: Resource) => ([] as string[]).concat(resource.DependsOn ?? []);

describe('deploy: the finished template and the trigger option', function () {
  this.timeout(300_000);
  let s3: Template;
  let every: Template;
  let eventBridge: Template;
  let everyEventBridge: Template;

  before(async () => {
    s3 = (await packageStack(DEFAULT_PARAMS)).template;
    every = (await packageStack(EVERY_OPTION)).template;
    eventBridge = (await packageStack(EVENTBRIDGE)).template;
    everyEventBridge = (await packageStack({ ...EVERY_OPTION, trigger: 'eventbridge' })).template;
  });

  it('creates the S3 notifications, and the frame rule, only after the tracking and KMS policies of the functions they invoke', () => {
    const [frameNotification, manifestNotification] = ['processFrame', 'recordManifest'].map(
      (fn) => ofType(every, 'Custom::S3').find(([, resource]) => resource.Properties.FunctionName === `frame-processor-ci-${fn}`)![1],
    );

    assert.ok(['ProcessFrameTrackingPolicy', 'InputKeyDecryptPolicy'].every((policy) => dependsOn(frameNotification).includes(policy)), JSON.stringify(frameNotification.DependsOn));
    assert.ok(dependsOn(manifestNotification).includes('RecordManifestKeyDecryptPolicy'), JSON.stringify(manifestNotification.DependsOn));
    assert.ok(dependsOn(ruleOf(everyEventBridge, 'frame-processor-ci-frames')).includes('InputKeyDecryptPolicy'));
    assert.ok(dependsOn(ruleOf(eventBridge, 'frame-processor-ci-frames')).includes('ProcessFrameTrackingPolicy'));
  });

  it('with trigger=eventbridge: no notification on the input bucket, a rule per function for its "Object Created" events', () => {
    const frames = ruleOf(eventBridge, 'frame-processor-ci-frames').Properties;
    const manifests = ruleOf(eventBridge, 'frame-processor-ci-manifests').Properties;
    const bucket = { name: [DEFAULT_PARAMS.inputBucket] };

    assert.deepEqual(ofType(eventBridge, 'Custom::S3'), []);
    assert.equal('IamRoleCustomResourcesLambdaExecution' in eventBridge.Resources, false, "osls's notification helper and its role are gone");
    assert.deepEqual(frames.EventPattern, {
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket, object: { key: [{ suffix: { 'equals-ignore-case': '.jpg' } }, { suffix: { 'equals-ignore-case': '.jpeg' } }] } },
    });
    assert.deepEqual(manifests.EventPattern.detail, { bucket, object: { key: [{ suffix: '/capture.json' }] } });
    assert.deepEqual(frames.Targets.map((target: any) => [target.Arn, target.DeadLetterConfig]), [
      [{ 'Fn::GetAtt': ['ProcessFrameLambdaFunction', 'Arn'] }, { Arn: { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] } }],
    ]);
  });

  it("with trigger=eventbridge: only this stage's rules may send dead letters to the failed-frames queue", () => {
    const statements = (template: Template) => template.Resources.FailedFramesQueuePolicy.Properties.PolicyDocument.Statement as Statement[];
    const fromRules = statements(eventBridge).find((statement) => statement.Sid === 'TriggerRulesOnly');

    assert.deepEqual(statements(s3).map((statement) => statement.Sid), ['FailureTopicOnly']);
    assert.deepEqual(fromRules?.Principal, { Service: 'events.amazonaws.com' });
    assert.deepEqual(fromRules?.Condition, { ArnLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/frame-processor-ci-*' } } });
  });

  it('with trigger=eventbridge: alarms when frames arrive but the function is not invoked for 15 minutes, and when a rule gives up on an event', () => {
    const notInvoked = eventBridge.Resources.FramesNotInvokedAlarm.Properties;
    const [matched, invoked, expression] = notInvoked.Metrics;

    assert.deepEqual(matched.MetricStat.Metric, { Namespace: 'AWS/Events', MetricName: 'MatchedEvents', Dimensions: [{ Name: 'RuleName', Value: 'frame-processor-ci-frames' }] });
    assert.deepEqual(invoked.MetricStat.Metric, { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'ProcessFrameLambdaFunction' } }] });
    assert.equal(expression.Expression, 'IF(FILL(matched, 0) > 0 AND FILL(invoked, 0) == 0, 1, 0)');
    assert.deepEqual([notInvoked.EvaluationPeriods, notInvoked.DatapointsToAlarm, matched.MetricStat.Period], [3, 3, 300]);
    for (const [alarm, rule] of [['FrameRuleFailedAlarm', 'frames'], ['ManifestRuleFailedAlarm', 'manifests']]) {
      const failed = eventBridge.Resources[alarm].Properties;
      assert.deepEqual([failed.MetricName, failed.Dimensions], ['FailedInvocations', [{ Name: 'RuleName', Value: `frame-processor-ci-${rule}` }]]);
    }
    assert.equal('FramesNotInvokedAlarm' in s3.Resources, false, 'S3 notifications leave no metric of frames that arrived');
  });

  it("alarms on the tracking code's VideosStalled metric, in the functions' metrics namespace and service", () => {
    const alarm = s3.Resources.VideosStalledAlarm.Properties;
    const env = s3.Resources.SweepVideosLambdaFunction.Properties.Environment.Variables;

    assert.deepEqual([alarm.Namespace, alarm.MetricName, alarm.Dimensions], [env.POWERTOOLS_METRICS_NAMESPACE, 'VideosStalled', [{ Name: 'service', Value: env.POWERTOOLS_SERVICE_NAME }]]);
    assert.deepEqual([alarm.ComparisonOperator, alarm.Threshold, alarm.AlarmActions], ['GreaterThanOrEqualToThreshold', 1, [{ Ref: 'FailureAlarmTopic' }]]);
  });

  it('names the buckets, the table and the queue in its outputs (what `frame-processor smoke` reads)', () => {
    const outputs = s3.Outputs as Record<string, { Value: unknown }>;

    assert.deepEqual(outputs.InputBucketName.Value, DEFAULT_PARAMS.inputBucket);
    assert.deepEqual(outputs.OutputBucketName.Value, { Ref: 'OutputBucket' });
    assert.deepEqual(outputs.TrackingTableName.Value, { 'Fn::Sub': ['${Table}', { Table: { Ref: 'TrackingTable' } }] });
    assert.deepEqual(outputs.StitchWorkerFunctionName.Value, { Ref: 'StitchWorkerLambdaFunction' });
  });
});
