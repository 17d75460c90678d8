// `frame-processor backfill` checked offline: the CreateJob requests it sends, captured as the SDK
// put them on the wire (a loopback server records them: S3 Control has no local server) and read
// back from their XML; the stack outputs it reads when ARNs are not given; --dry-run; refusals.
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { backfill } from '../../src/backfill/command';
import { REPORT_PREFIX } from '../../src/backfill/job-request';
import { runCli, stderrLines } from '../support/cli';
import { startAwsRecorder, type Answer, type AwsRecorder, type RecordedRequest } from '../support/aws-recorder';

const ROLE = 'arn:aws:iam::123456789012:role/frame-processor-batch';
const FUNCTION = 'arn:aws:lambda:us-east-1:123456789012:function:frame-processor-prod-processFrame';
const ARNS = ['--role-arn', ROLE, '--function-arn', FUNCTION, '--report-bucket', 'processed-frames'];
const xml = new XMLParser({ parseTagValue: false });

const CREATED = (id: string): Answer => ({ xml: `<?xml version="1.0" encoding="UTF-8"?><CreateJobResult><JobId>${id}</JobId></CreateJobResult>` });
const STACK = (outputs: Record<string, string>): Answer => ({
  xml: `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member>
    <StackName>frame-processor-prod</StackName><CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus><Outputs>
    ${Object.entries(outputs).map(([key, value]) => `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`).join('')}
    </Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></DescribeStacksResponse>`,
});

/** The job the request asks for, from its XML body. */
const jobOf = (request: RecordedRequest) => xml.parse(request.body).CreateJobRequest;

describe('backfill: the S3 Batch Operations job request', () => {
  let recorder: AwsRecorder | undefined;
  const lines: string[] = [];
  const output = { out: (text: string) => lines.push(text), err: (text: string) => lines.push(text) };
  beforeEach(() => (lines.length = 0));
  afterEach(async () => {
    await recorder?.close();
    recorder = undefined;
  });

  it('sends one CreateJob per suffix: the function (schema 2.0), the manifest S3 generates with the key filter, the report, the role', async () => {
    let jobs = 0;
    recorder = await startAwsRecorder(() => CREATED(`job-${++jobs}`));

    const code = await backfill(['--bucket', 'raw-frames', '--prefix', 'clips/', '--suffix', '.jpg', '--suffix', '.JPG', ...ARNS], recorder.clients, output);

    assert.equal(code, 0, lines.join('\n'));
    assert.deepEqual(recorder.requests.map((request) => [request.method, request.path, request.headers['x-amz-account-id']]), [
      ['POST', '/v20180820/jobs', '123456789012'],
      ['POST', '/v20180820/jobs', '123456789012'],
    ]);
    const [first, second] = recorder.requests.map(jobOf);
    assert.match(first.ClientRequestToken, /^[0-9a-f-]{36}$/);
    assert.notEqual(first.ClientRequestToken, second.ClientRequestToken);
    assert.deepEqual({ ...first, ClientRequestToken: 'token' }, {
      Operation: { LambdaInvoke: { FunctionArn: FUNCTION, InvocationSchemaVersion: '2.0' } },
      Report: { Enabled: 'true', Bucket: 'arn:aws:s3:::processed-frames', Format: 'Report_CSV_20180820', Prefix: REPORT_PREFIX, ReportScope: 'AllTasks' },
      Priority: '10',
      RoleArn: ROLE,
      ConfirmationRequired: 'false',
      ClientRequestToken: 'token',
      Description: 'frame-processor backfill s3://raw-frames/clips/*.jpg',
      ManifestGenerator: {
        S3JobManifestGenerator: {
          SourceBucket: 'arn:aws:s3:::raw-frames',
          EnableManifestOutput: 'false',
          Filter: { KeyNameConstraint: { MatchAnyPrefix: { member: 'clips/' }, MatchAnySuffix: { member: '.jpg' } } },
        },
      },
    });
    assert.deepEqual(second.ManifestGenerator.S3JobManifestGenerator.Filter.KeyNameConstraint.MatchAnySuffix, { member: '.JPG' });
    assert.deepEqual(lines, [
      `job job-1: s3://raw-frames/clips/*.jpg -> ${FUNCTION}; report: s3://processed-frames/${REPORT_PREFIX}/job-job-1/`,
      `job job-2: s3://raw-frames/clips/*.JPG -> ${FUNCTION}; report: s3://processed-frames/${REPORT_PREFIX}/job-job-2/`,
    ]);
  });

  it("reads the role, function and output bucket from the stage's stack outputs, and keeps the role's partition", async () => {
    const chinaRole = 'arn:aws-cn:iam::123456789012:role/batch';
    const outputs = { BatchOperationsRoleArn: chinaRole, ProcessFrameFunctionArn: FUNCTION.replace('arn:aws:', 'arn:aws-cn:'), OutputBucketName: 'edges' };
    recorder = await startAwsRecorder((request) => (request.path === '/v20180820/jobs' ? CREATED('job-9') : STACK(outputs)));

    const code = await backfill(['--bucket', 'raw-frames', '--stage', 'prod'], recorder.clients, output);

    assert.equal(code, 0, lines.join('\n'));
    const [describe, create] = recorder.requests;
    assert.equal(new URLSearchParams(describe.body).get('Action'), 'DescribeStacks');
    assert.equal(new URLSearchParams(describe.body).get('StackName'), 'frame-processor-prod');
    const job = jobOf(create);
    assert.deepEqual([job.RoleArn, job.Operation.LambdaInvoke.FunctionArn], [chinaRole, outputs.ProcessFrameFunctionArn]);
    assert.deepEqual([job.ManifestGenerator.S3JobManifestGenerator.SourceBucket, job.Report.Bucket], ['arn:aws-cn:s3:::raw-frames', 'arn:aws-cn:s3:::edges']);
    assert.equal(job.ManifestGenerator.S3JobManifestGenerator.Filter, undefined, 'no prefix, no suffix: every key, the function skips non-frames');
  });

  it('--dry-run prints the requests and sends none', async () => {
    recorder = await startAwsRecorder(() => CREATED('never'));

    const code = await backfill(['--bucket', 'raw-frames', '--dry-run', ...ARNS], recorder.clients, output);

    assert.equal(code, 0);
    assert.equal(recorder.requests.length, 0);
    const [request] = JSON.parse(lines.join('\n'));
    assert.deepEqual([request.AccountId, request.RoleArn, request.Operation.LambdaInvoke.InvocationSchemaVersion], ['123456789012', ROLE, '2.0']);
  });

  it('says why S3 refused the job (exit 1), and which stack output is missing (exit 2)', async () => {
    const denied = '<Error><Code>AccessDenied</Code><Message>not allowed to pass the role</Message></Error>';
    recorder = await startAwsRecorder((request) => (request.path === '/v20180820/jobs' ? { status: 403, xml: denied } : STACK({ OutputBucketName: 'edges' })));

    const refused = await backfill(['--bucket', 'raw-frames', ...ARNS], recorder.clients, output);
    const missing = await backfill(['--bucket', 'raw-frames'], recorder.clients, output);

    assert.equal(refused, 1);
    assert.match(lines[0], /^frame-processor: backfill: CreateJob failed: AccessDenied HTTP 403 \(not allowed to pass the role\)/);
    assert.equal(missing, 2);
    assert.equal(lines[1], 'frame-processor: the stack frame-processor-dev has no output BatchOperationsRoleArn (deploy this version, or give --role-arn)');
  });

  it('is the `backfill` command of frame-processor, with its own usage', () => {
    const help = runCli(['backfill', '--help']);
    const noBucket = runCli(['backfill', '--prefix', 'clips/']);

    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: frame-processor backfill --bucket NAME/);
    assert.equal(noBucket.code, 2);
    assert.deepEqual(stderrLines(noBucket), ['frame-processor: --bucket NAME is required']);
  });
});
