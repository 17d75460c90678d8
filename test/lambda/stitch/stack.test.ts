// The edge video in the packaged stack (deploy/stitch-on.yml), read from the CloudFormation
// templates `serverless package` writes offline: the planner on the "Video Frames Processed" rule,
// the worker, the stitch sweeper on the schedule, their asynchronous retries and failure
// destination, one least-privilege role each, EDGE_VIDEO on every function; with stitch off none of
// it; and stitch on with tracking off refused before anything is packaged.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PARAMS, EVERY_OPTION, packageStack, runServerless, STITCH_OFF, type Statement, type Template } from '../../support/serverless';

const sub = (text: string) => ({ 'Fn::Sub': text });
const allow = (Action: string | string[], Resource: unknown): Statement => ({ Effect: 'Allow', Action, Resource });
const logs = (fn: string) => allow(['logs:CreateLogStream', 'logs:PutLogEvents'], sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/frame-processor-ci-${fn}:*`));
const TABLE = { 'Fn::GetAtt': ['TrackingTable', 'Arn'] };
const videoItem = (table: unknown = TABLE) => allow(['dynamodb:GetItem', 'dynamodb:UpdateItem'], table);
const listOutput = allow('s3:ListBucket', { 'Fn::GetAtt': ['OutputBucket', 'Arn'] });
const outputObjects = allow(['s3:GetObject', 's3:PutObject'], sub('${OutputBucket.Arn}/*'));
/** Only the stitch's own work objects are deleted; the join may abort its upload of edges.mp4. */
const workObjects = allow('s3:DeleteObject', sub('${OutputBucket.Arn}/*/.stitch/*'));
const abortJoin = allow('s3:AbortMultipartUpload', sub('${OutputBucket.Arn}/*/edges.mp4'));
const invoke = (fn: string) => allow('lambda:InvokeFunction', sub(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:frame-processor-ci-${fn}`));
const defaultBus = allow('events:PutEvents', sub('arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default'));
const failedQueue = allow('sqs:SendMessage', { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] });
const STITCH = { StitchPlanLambdaFunction: 'stitchPlan', StitchWorkerLambdaFunction: 'stitchWorker', SweepStitchesLambdaFunction: 'sweepStitches' };

function grants(template: Template, fn: string): Statement[] {
  const role = template.Resources[fn].Properties.Role['Fn::GetAtt'][0];
  return template.Resources[role].Properties.Policies.flatMap((policy: any) => policy.PolicyDocument.Statement);
}

function lambdaFunctions(template: Template): Array<[string, Record<string, any>]> {
  return Object.entries(template.Resources).filter(([name, resource]) => resource.Type === 'AWS::Lambda::Function' && !name.startsWith('CustomDashresource')).map(([name, resource]) => [name, resource.Properties]);
}

const rules = (template: Template) => Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Events::Rule').map((rule) => rule.Properties);
const targetOf = (rule: Record<string, any>) => rule.Targets.map((target: any) => target.Arn['Fn::GetAtt'][0]);

describe('deploy: the edge video in the stack', function () {
  this.timeout(240_000);
  let on: Template;
  let existing: Template;
  let off: Template;

  before(async () => {
    const packaged = await Promise.all([packageStack(DEFAULT_PARAMS), packageStack(EVERY_OPTION), packageStack(STITCH_OFF)]);
    [on, existing, off] = packaged.map((stack) => stack.template);
  });

  it('adds the planner, the worker and the stitch sweeper: arm64, 1769 MB (one vCPU) for the encoding ones, 300/900/300 s, their settings', () => {
    const [plan, worker, sweeper] = Object.keys(STITCH).map((fn) => on.Resources[fn].Properties);
    const table = on.Resources.ProcessFrameLambdaFunction.Properties.Environment.Variables.TRACKING_TABLE;

    assert.deepEqual([plan, worker, sweeper].map((fn) => [fn.Handler, fn.MemorySize, fn.Timeout, fn.Runtime, fn.Architectures]), [
      ['src/lambda/stitch/planner-handler.handler', 1769, 300, 'nodejs22.x', ['arm64']],
      ['src/lambda/stitch/worker-handler.handler', 1769, 900, 'nodejs22.x', ['arm64']],
      ['src/lambda/stitch/sweeper-handler.handler', 512, 300, 'nodejs22.x', ['arm64']],
    ]);
    for (const fn of [plan, worker, sweeper]) {
      const { TRACKING_TABLE, OUTPUT_BUCKET, STITCH_SEGMENT_FRAMES, STITCH_QP, STITCH_PLAN_FUNCTION, STITCH_WORKER_FUNCTION } = fn.Environment.Variables;
      assert.deepEqual([TRACKING_TABLE, OUTPUT_BUCKET, STITCH_SEGMENT_FRAMES, STITCH_QP], [table, { Ref: 'OutputBucket' }, '300', '28']);
      assert.deepEqual([STITCH_PLAN_FUNCTION, STITCH_WORKER_FUNCTION], ['frame-processor-ci-stitchPlan', 'frame-processor-ci-stitchWorker']);
    }
    // No reservation unless stitchWorkerConcurrency asks for one: Lambda refuses one that leaves an account under 100 unreserved.
    assert.equal('ReservedConcurrentExecutions' in worker, false);
    assert.equal(existing.Resources.StitchWorkerLambdaFunction.Properties.ReservedConcurrentExecutions, '20');
    assert.equal('ReservedConcurrentExecutions' in plan, false);
  });

  it('turns EDGE_VIDEO on for every function, so every tracker hands published videos on to the planner', () => {
    const functions = lambdaFunctions(on);

    assert.equal(functions.length, 9);
    for (const [name, fn] of functions) assert.equal(fn.Environment.Variables.EDGE_VIDEO, 'on', name);
  });

  it('starts the planner on "Video Frames Processed" and "Video Frames Updated" from this stage (detail.stack) on the default bus, and the stitch sweeper on the schedule', () => {
    const planner = rules(on).filter((rule) => targetOf(rule).includes('StitchPlanLambdaFunction'));
    const sweeper = rules(on).filter((rule) => targetOf(rule).includes('SweepStitchesLambdaFunction'));

    assert.deepEqual(planner.map((rule) => rule.EventPattern), [{ source: ['frame-processor'], 'detail-type': ['Video Frames Processed', 'Video Frames Updated'], detail: { stack: ['frame-processor-ci'] } }]);
    assert.equal('EventBusName' in planner[0], false, 'the default bus');
    assert.deepEqual(sweeper.map((rule) => rule.ScheduleExpression), ['rate(5 minutes)']);
    const permissions = Object.values(on.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Permission' && resource.Properties.Principal === 'events.amazonaws.com');
    assert.ok(['StitchPlanLambdaFunction', 'SweepStitchesLambdaFunction'].every((fn) => permissions.some((permission) => permission.Properties.FunctionName['Fn::GetAtt']?.[0] === fn)));
  });

  it('retries planner and worker invocations twice, then keeps them in the failed-frames queue (alarmed); the sweeper is not retried, its errors alarmed', () => {
    for (const fn of ['StitchPlan', 'StitchWorker']) {
      const config = on.Resources[`${fn}LambdaEvConf`].Properties;
      assert.equal(config.MaximumRetryAttempts, 2, fn);
      assert.deepEqual(config.DestinationConfig, { OnFailure: { Destination: { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] } } }, fn);
    }
    assert.equal(on.Resources.SweepStitchesLambdaEvConf.Properties.MaximumRetryAttempts, 0);
    const alarm = on.Resources.StitchSweeperErrorsAlarm.Properties;
    assert.deepEqual([alarm.MetricName, alarm.Dimensions, alarm.AlarmActions], ['Errors', [{ Name: 'FunctionName', Value: { Ref: 'SweepStitchesLambdaFunction' } }], [{ Ref: 'FailureAlarmTopic' }]]);
  });

  it('gives each stitch function its own role, granting exactly what it does (partition-neutral ARNs)', () => {
    const exactly: Record<string, Statement[]> = {
      StitchPlanLambdaFunction: [logs('stitchPlan'), videoItem(), listOutput, outputObjects, workObjects, invoke('stitchWorker'), defaultBus, failedQueue],
      StitchWorkerLambdaFunction: [logs('stitchWorker'), videoItem(), listOutput, outputObjects, workObjects, abortJoin, invoke('stitchWorker'), defaultBus, failedQueue],
      SweepStitchesLambdaFunction: [
        logs('sweepStitches'), allow('dynamodb:Query', { 'Fn::Sub': ['${Table}/index/fp_Outbox-index', { Table: TABLE }] }), videoItem(), listOutput, outputObjects, workObjects, invoke('stitchPlan'), invoke('stitchWorker'), defaultBus,
      ],
    };

    for (const [fn, statements] of Object.entries(exactly)) assert.deepEqual(grants(on, fn), statements, fn);
    const existingTable = sub('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/mediaconvert-jobs');
    for (const fn of Object.keys(STITCH)) assert.deepEqual(grants(existing, fn).find((statement) => String(statement.Action).includes('UpdateItem')), videoItem(existingTable), fn);
  });

  it('aborts incomplete multipart uploads in the output bucket after a day (a join whose function died)', () => {
    const rules = on.Resources.OutputBucket.Properties.LifecycleConfiguration.Rules;

    assert.deepEqual(rules, [{ Id: 'AbortIncompleteUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }]);
  });

  it('with stitch off: no stitch function, rule, schedule, role or alarm; EDGE_VIDEO off everywhere', () => {
    const names = Object.keys(off.Resources);

    assert.deepEqual(names.filter((name) => /stitch/i.test(name)), []);
    assert.equal(lambdaFunctions(off).length, 6);
    for (const [name, fn] of lambdaFunctions(off)) assert.equal(fn.Environment.Variables.EDGE_VIDEO, 'off', name);
    assert.equal(rules(off).some((rule) => rule.EventPattern?.source?.includes('frame-processor')), false);
  });

  it('refuses stitch on with tracking off at package time, saying why and what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frame-processor-stitch-refused-'));
    try {
      const params = { ...DEFAULT_PARAMS, tracking: 'off', stitch: 'on' };
      const args = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);

      const result = await runServerless(['package', '--stage', 'ci', ...args, '--package', dir]);

      assert.notEqual(result.code, 0);
      assert.match(result.stderr + result.stdout, /The edge video \(stitch=on\) needs per-video tracking \(tracking=on\).*--param tracking=on, or without the edge video: --param stitch=off/s);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
