// Per-video tracking in the packaged stack (deploy/tracking-on.yml), read from the CloudFormation
// templates `serverless package` writes offline: the table, one role per function granting exactly
// what it does, the MediaConvert rule, the schedule, the failure fan-out to the recorder, an
// existing jobs table with its stream, and tracking turned off.
import assert from 'node:assert/strict';
import { DEFAULT_PARAMS, EVERY_OPTION, JOBS_TABLE_STREAM, packageStack, TRACKING_OFF, type Statement, type Template } from '../../support/serverless';
import { trackingTableDefinition } from '../../../src/tracking/table';

const { inputBucket: INPUT } = DEFAULT_PARAMS;
const sub = (text: string) => ({ 'Fn::Sub': text });
const allow = (Action: string | string[], Resource: unknown): Statement => ({ Effect: 'Allow', Action, Resource });
const logs = (fn: string) => allow(['logs:CreateLogStream', 'logs:PutLogEvents'], sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/frame-processor-ci-${fn}:*`));
const CREATED_TABLE = { 'Fn::GetAtt': ['TrackingTable', 'Arn'] };
const account = (table: unknown = CREATED_TABLE) => allow(['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:BatchGetItem'], table);
const videoRecord = allow('s3:PutObject', sub('${OutputBucket.Arn}/*/video.json'));
const defaultBus = allow('events:PutEvents', sub('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default'));
const failedQueue = allow('sqs:SendMessage', { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] });

/** Every statement a role grants: its inline policies and the policies attached to it. */
function grants(template: Template, role: string): Statement[] {
  const inline = (template.Resources[role].Properties.Policies ?? []).flatMap((policy: any) => policy.PolicyDocument.Statement);
  const attached = Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((resource) => resource.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
}

/** The edge video's functions (test/lambda/stitch/stack.test.ts reads their part). */
const STITCH_FUNCTIONS = ['StitchPlanLambdaFunction', 'StitchWorkerLambdaFunction', 'SweepStitchesLambdaFunction'];

function functionsOf(template: Template): string[] {
  return Object.keys(template.Resources).filter((name) => template.Resources[name].Type === 'AWS::Lambda::Function' && name !== 'CustomDashresourceDashexistingDashs3LambdaFunction');
}

describe('deploy: per-video tracking in the stack', function () {
  this.timeout(240_000);
  let created: Template;
  let existing: Template;
  let off: Template;

  before(async () => {
    const [plain, optioned, trackingOff] = await Promise.all([packageStack(DEFAULT_PARAMS), packageStack(EVERY_OPTION), packageStack(TRACKING_OFF)]);
    [created, existing, off] = [plain, optioned, trackingOff].map((packaged) => packaged.template);
  });

  it('creates the table the core expects: on demand, point-in-time recovery, retained (not after a first deploy rolls back), the sparse keys-only Outbox-index', () => {
    const table = created.Resources.TrackingTable;
    const expected = trackingTableDefinition('unused');

    assert.deepEqual([table.DeletionPolicy, table.UpdateReplacePolicy], ['RetainExceptOnCreate', 'Retain']);
    assert.equal(table.Properties.BillingMode, 'PAY_PER_REQUEST');
    assert.deepEqual(table.Properties.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
    assert.deepEqual(table.Properties.KeySchema, expected.KeySchema);
    assert.deepEqual(table.Properties.AttributeDefinitions, expected.AttributeDefinitions);
    assert.deepEqual(table.Properties.GlobalSecondaryIndexes, expected.GlobalSecondaryIndexes);
  });

  it('gives every function its own role, granting exactly what that function does', () => {
    const roles = Object.fromEntries(functionsOf(created).map((fn) => [fn, created.Resources[fn].Properties.Role['Fn::GetAtt'][0]]));
    const exactly: Record<string, Statement[]> = {
      ProcessFrameLambdaFunction: [
        logs('processFrame'),
        allow('s3:GetObject', sub(`arn:\${AWS::Partition}:s3:::${INPUT}/*`)),
        allow(['s3:PutObject', 's3:PutObjectTagging'], sub('${OutputBucket.Arn}/*')),
        allow('sns:Publish', { Ref: 'FailedFramesTopic' }),
        account(),
        defaultBus,
      ],
      RecordManifestLambdaFunction: [logs('recordManifest'), allow('s3:GetObject', sub(`arn:\${AWS::Partition}:s3:::${INPUT}/*capture.json`)), account(), videoRecord, defaultBus, failedQueue],
      RecordFailedFramesLambdaFunction: [logs('recordFailedFrames'), account(), failedQueue],
      RecordMediaConvertTotalLambdaFunction: [logs('recordMediaConvertTotal'), allow('s3:ListBucket', sub(`arn:\${AWS::Partition}:s3:::${INPUT}`)), account(), videoRecord, defaultBus, failedQueue],
      AdoptTableTotalsLambdaFunction: [logs('adoptTableTotals'), account(), videoRecord, defaultBus, failedQueue],
      SweepVideosLambdaFunction: [
        logs('sweepVideos'),
        allow('dynamodb:Query', { 'Fn::Sub': ['${Table}/index/fp_Outbox-index', { Table: CREATED_TABLE }] }),
        allow('s3:ListBucket', sub(`arn:\${AWS::Partition}:s3:::${INPUT}`)),
        account(),
        videoRecord,
        defaultBus,
      ],
    };

    assert.deepEqual(Object.keys(roles).sort(), [...Object.keys(exactly), ...STITCH_FUNCTIONS].sort());
    assert.equal(new Set(Object.values(roles)).size, Object.keys(roles).length, 'no role is shared');
    for (const [fn, statements] of Object.entries(exactly)) assert.deepEqual(grants(created, roles[fn]), statements, fn);
  });

  it('routes MediaConvert COMPLETE events of jobs that wrote into the input bucket to the MediaConvert function, and runs the sweeper on a schedule', () => {
    const rules = Object.values(created.Resources).filter((resource) => resource.Type === 'AWS::Events::Rule').map((rule) => rule.Properties);
    const mediaConvert = rules.find((rule) => rule.EventPattern?.source?.[0] === 'aws.mediaconvert');
    const schedule = rules.find((rule) => rule.ScheduleExpression && rule.Targets[0].Arn['Fn::GetAtt'][0] === 'SweepVideosLambdaFunction');

    assert.equal(rules.length, 4, 'with the edge video: its rule and its sweeper schedule');
    assert.deepEqual(mediaConvert?.EventPattern, {
      source: ['aws.mediaconvert'],
      'detail-type': ['MediaConvert Job State Change'],
      detail: { status: ['COMPLETE'], outputGroupDetails: { outputDetails: { outputFilePaths: [{ prefix: `s3://${INPUT}/` }] } } },
    });
    assert.equal('EventBusName' in (mediaConvert ?? {}), false, 'the default bus');
    assert.deepEqual(mediaConvert?.Targets.map((target: any) => target.Arn), [{ 'Fn::GetAtt': ['RecordMediaConvertTotalLambdaFunction', 'Arn'] }]);
    assert.equal(schedule?.ScheduleExpression, 'rate(5 minutes)');
    assert.deepEqual(schedule?.Targets.map((target: any) => target.Arn), [{ 'Fn::GetAtt': ['SweepVideosLambdaFunction', 'Arn'] }]);
    const sweeper = created.Resources.SweepVideosLambdaFunction.Properties;
    const variables = sweeper.Environment.Variables;
    assert.deepEqual([variables.SWEEP_PUBLISH_GRACE_SECONDS, variables.SWEEP_RECONCILE_GRACE_SECONDS, variables.VIDEO_STALL_AFTER, variables.INPUT_BUCKET], ['150', '900', '3600', INPUT]);
    assert.equal(created.Resources.SweepVideosLambdaEvConf.Properties.MaximumRetryAttempts, 0);
  });

  it('alarms on a stalled video: the sweeper metric VideosStalled of the service, on the failure topic', () => {
    const alarm = created.Resources.VideosStalledAlarm.Properties;
    assert.deepEqual(
      [alarm.Namespace, alarm.MetricName, alarm.Dimensions, alarm.Statistic, alarm.ComparisonOperator, alarm.Threshold, alarm.AlarmActions],
      ['FrameProcessor', 'VideosStalled', [{ Name: 'service', Value: 'frame-processor' }], 'Sum', 'GreaterThanOrEqualToThreshold', 1, [{ Ref: 'FailureAlarmTopic' }]],
    );
    assert.equal(created.Resources.ProcessFrameLambdaFunction.Properties.Environment.Variables.FRAME_KEY_PATTERN, '');
  });

  it('fans failed frames out to the recorder; capture.json reaches the manifest function; the other functions fail into the queue', () => {
    const lambdaSubscriptions = Object.values(created.Resources).filter((resource) => resource.Type === 'AWS::SNS::Subscription' && resource.Properties.Protocol === 'lambda');
    const manifests = Object.values(created.Resources).find((resource) => resource.Type === 'Custom::S3' && resource.Properties.FunctionName === 'frame-processor-ci-recordManifest');

    assert.deepEqual(lambdaSubscriptions.map((subscription) => [subscription.Properties.TopicArn, subscription.Properties.Endpoint]), [[{ Ref: 'FailedFramesTopic' }, { 'Fn::GetAtt': ['RecordFailedFramesLambdaFunction', 'Arn'] }]]);
    assert.deepEqual(manifests?.Properties.BucketConfigs, [{ Event: 's3:ObjectCreated:*', Rules: [{ Suffix: 'capture.json' }] }]);
    for (const fn of ['RecordManifest', 'RecordFailedFrames', 'RecordMediaConvertTotal']) {
      assert.deepEqual(created.Resources[`${fn}LambdaEvConf`].Properties.DestinationConfig, { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] } } }, fn);
    }
  });

  it('uses an existing table instead (no table created), and adopts its totals from its stream, filtered', () => {
    const tableArn = sub('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/mediaconvert-jobs');
    const mapping = existing.Resources.AdoptTableTotalsStream.Properties;
    const adopter = existing.Resources.AdoptTableTotalsLambdaFunction.Properties.Role['Fn::GetAtt'][0];

    assert.equal('TrackingTable' in existing.Resources, false);
    assert.equal('AdoptTableTotalsStream' in created.Resources, false, 'no stream without trackingTableStream');
    assert.deepEqual(existing.Resources.ProcessFrameLambdaFunction.Properties.Environment.Variables.TRACKING_TABLE, { 'Fn::Sub': ['${Table}', { Table: 'mediaconvert-jobs' }] });
    assert.deepEqual(grants(existing, 'ProcessFrameRole').find((statement) => String(statement.Action).includes('dynamodb')), account(tableArn));
    // No dynamodb:ListStreams: it takes no resource but "*", so granting it on the stream allows nothing.
    assert.deepEqual(grants(existing, adopter).at(-1), allow(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], JOBS_TABLE_STREAM));
    assert.deepEqual([mapping.EventSourceArn, mapping.FunctionName, mapping.StartingPosition], [JOBS_TABLE_STREAM, { 'Fn::GetAtt': ['AdoptTableTotalsLambdaFunction', 'Arn'] }, 'TRIM_HORIZON']);
    assert.deepEqual(mapping.DestinationConfig, { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] } } });
    const pattern = JSON.parse(mapping.FilterCriteria.Filters[0].Pattern);
    assert.deepEqual(pattern.dynamodb.NewImage, { TotalFrames: { N: [{ exists: true }] }, fp_CompletedAt: { N: [{ exists: false }] } });
  });

  it('with tracking off: no table, no tracking function, no TRACKING_TABLE, nothing of it in the frame role', () => {
    assert.deepEqual(functionsOf(off), ['ProcessFrameLambdaFunction']);
    assert.equal(Object.values(off.Resources).some((resource) => resource.Type === 'AWS::DynamoDB::Table'), false);
    assert.equal('TRACKING_TABLE' in off.Resources.ProcessFrameLambdaFunction.Properties.Environment.Variables, false);
    const actions = grants(off, 'ProcessFrameRole').flatMap((statement) => ([] as string[]).concat(statement.Action));
    assert.deepEqual(actions, ['logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:PutObject', 's3:PutObjectTagging', 'sns:Publish']);
    assert.deepEqual(off.Resources.ProcessFrameLambdaEvConf.Properties.DestinationConfig, { OnFailure: { Destination: { Ref: 'FailedFramesTopic' } } });
  });
});
