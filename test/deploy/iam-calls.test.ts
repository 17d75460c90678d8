// Least privilege, proven per call. The packaged stack runs here as its template wires it
// (test/support/stack-world.ts): videos go through every function (frames, a manifest, a frame that
// fails for good, a MediaConvert COMPLETE event, totals on an existing table's stream, both
// sweepers, the edge video's plan, segments and join, an S3 Batch Operations invocation), and every
// AWS request each function makes is recorded by an SDK middleware (aws-calls.ts), with what the
// Lambda service does with the function's role. Each distinct call is then evaluated against that
// function's role in the same template by an IAM policy simulator (@cloud-copilot/iam-simulate): a
// denied call fails the test; a granted action that no call used is listed in the output.
// Re-run after any change to the code or the templates: the roles come from the packaged
// template, the calls from what the functions did.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { recordedCalls, type RecordedCall } from '../support/aws-calls';
import { batchEventFor } from '../support/events';
import type { Place } from '../support/iam-actions';
import { evaluateCalls, unusedGrants, type Evaluated } from '../support/iam-evaluation';
import { makeJpeg } from '../support/jpegs';
import { DEFAULT_PARAMS, EVERY_OPTION, packageStack, TRACKING_OFF, type Template } from '../support/serverless';
import { startStackWorld, type StackWorld } from '../support/stack-world';
import { TemplateResolver, type FunctionRole } from '../support/template-roles';

// EVERY_OPTION's key and stream are in this account, region and partition (GovCloud): so is the stack here.
const PLACE: Place = { partition: 'aws-us-gov', region: 'us-gov-west-1', account: '111122223333' };
const { inputBucket: INPUT, outputBucket: OUTPUT } = DEFAULT_PARAMS;
/** The table's name: EVERY_OPTION's existing table, and the name the created one gets here. */
const TABLE = 'mediaconvert-jobs';
const FIXTURES = join(__dirname, '..', 'fixtures', 'tracking');

interface Run {
  template: Template;
  failures: StackWorld['failures'];
  roles: FunctionRole[];
  calls: RecordedCall[];
  evaluated: Evaluated[];
}

/** Runs `scenario` on the stack `params` package into, and evaluates every call it made. */
async function runStack(params: Record<string, string>, scenario: (world: StackWorld & { s3Endpoint: string }, s3: S3Client) => Promise<void>, implied: (calls: RecordedCall[]) => RecordedCall[] = () => []): Promise<Run> {
  const { template } = await packageStack(params);
  const roles = new TemplateResolver(template, PLACE, { TrackingTable: TABLE }).functionRoles();
  const dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-iam-calls-'));
  const before = recordedCalls().length;
  const overrides = { SweepVideosLambdaFunction: { SWEEP_PUBLISH_GRACE_SECONDS: '0', SWEEP_RECONCILE_GRACE_SECONDS: '0' } };
  const world = await startStackWorld({ template, roles: withOverrides(roles, overrides), place: PLACE, dataDir, buckets: [INPUT, OUTPUT], table: TABLE });
  const s3 = new S3Client({ region: PLACE.region, endpoint: world.s3Endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  let failures: StackWorld['failures'] = [];
  try {
    await scenario(world, s3);
    await world.idle();
    failures = world.failures;
  } finally {
    s3.destroy();
    await world.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  const made = recordedCalls().slice(before);
  const calls = [...made, ...implied(made)];
  return { template, failures, roles, calls, evaluated: await evaluateCalls(roles, calls, PLACE) };
}

function withOverrides(roles: FunctionRole[], overrides: Record<string, Record<string, string>>): FunctionRole[] {
  return roles.map((role) => ({ ...role, environment: { ...role.environment, ...overrides[role.id] } }));
}

async function putVideo(s3: S3Client, videoId: string, frames: number, options: { broken?: number; manifest?: boolean } = {}): Promise<void> {
  for (let index = 0; index < frames; index++) {
    const body = index === options.broken ? 'not a jpeg' : makeJpeg(48, 32, index + 1);
    await s3.send(new PutObjectCommand({ Bucket: INPUT, Key: `${videoId}/frame.${String(index).padStart(7, '0')}.jpg`, Body: body }));
  }
  if (options.manifest !== false) await s3.send(new PutObjectCommand({ Bucket: INPUT, Key: `${videoId}/capture.json`, Body: JSON.stringify({ totalFrames: frames, frameRate: 30 }) }));
}

/** The whole stack: frames and manifests, a failed frame, MediaConvert, the sweepers, the edge video, a Batch Operations task. */
async function everyPath(world: StackWorld, s3: S3Client): Promise<void> {
  // The manifest last, once every frame is counted: the manifest function completes and publishes the video.
  await putVideo(s3, 'north gate', 6, { manifest: false });
  await world.idle();
  await s3.send(new PutObjectCommand({ Bucket: INPUT, Key: 'north gate/capture.json', Body: JSON.stringify({ totalFrames: 6, frameRate: 30 }) }));
  await putVideo(s3, 'lobby', 4, { broken: 2 });
  await world.idle();
  // A MediaConvert job that wrote its frame capture into the input bucket.
  await putVideo(s3, 'harbour', 4, { manifest: false });
  const complete = JSON.parse(readFileSync(join(FIXTURES, 'mediaconvert-complete.json'), 'utf8'));
  complete.detail.outputGroupDetails[0].outputDetails[1].outputFilePaths = [`s3://${INPUT}/harbour/frame.0000003.jpg`];
  world.putEvent(complete);
  // A frame already in the bucket, handed over by S3 Batch Operations (`frame-processor backfill`).
  world.invokeAsync('ProcessFrameLambdaFunction', batchEventFor('2.0', INPUT, encodeEventKey('north gate/frame.0000000.jpg')));
  await world.idle();
  world.runSchedule('SweepVideosLambdaFunction');
  await world.idle();
  world.runSchedule('SweepStitchesLambdaFunction');
}

describe('deploy: every AWS call each function makes is allowed by its role (IAM policy simulator)', function () {
  this.timeout(600_000);
  const runs = new Map<string, Run>();

  before(async () => {
    runs.set('default', await runStack(DEFAULT_PARAMS, everyPath));
    // With the EventBridge trigger: frames and manifests reach the functions through the stack's rules.
    runs.set('every option, eventbridge', await runStack({ ...EVERY_OPTION, trigger: 'eventbridge' }, async (world, s3) => {
      await everyPath(world, s3);
      // Totals another writer puts on the existing table reach the function through its stream.
      await putVideo(s3, 'jobs/cam-7', 3, { manifest: false });
      await world.idle();
      const dynamo = new DynamoDBClient({ region: PLACE.region, endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, credentials: S3RVER_CREDENTIALS });
      await dynamo.send(new UpdateItemCommand({ TableName: TABLE, Key: { VideoId: { S: 'jobs/cam-7' } }, UpdateExpression: 'SET TotalFrames = :total', ExpressionAttributeValues: { ':total': { N: '3' } } }));
      dynamo.destroy();
      const { Records } = JSON.parse(readFileSync(join(FIXTURES, 'jobs-table-stream.json'), 'utf8'));
      await world.deliverStream('AdoptTableTotalsLambdaFunction', [Records[0]]);
    }, impliedKmsDecrypts));
    runs.set('tracking off', await runStack(TRACKING_OFF, async (_world, s3) => putVideo(s3, 'plain', 2, { manifest: false })));
  });

  for (const name of ['default', 'every option, eventbridge', 'tracking off']) {
    it(`${name}: every function made calls, and its role allows each one`, () => {
      const { roles, evaluated } = runs.get(name)!;
      const silent = roles.filter((role) => triggered(runs.get(name)!.template, role) && !evaluated.some((call) => call.fn === role.id && call.origin.startsWith('SDK')));
      const denied = evaluated.filter((call) => call.decision !== 'Allowed').map((call) => `${call.fn}: ${call.action} on ${call.resource} (${call.origin}): ${call.decision}`);

      assert.deepEqual(silent.map((role) => role.id), [], 'the scenario must exercise every function something in the stack invokes');
      // Only the frame that is not a JPEG failed for good (and reached the recorder through the topic).
      const failures = runs.get(name)!.failures.map((failure) => `${failure.fn}: ${failure.message}`);
      assert.equal(failures.length, name === 'tracking off' ? 0 : 1, failures.join('\n'));
      if (failures.length === 1) assert.match(failures[0], /^ProcessFrameLambdaFunction: .*"ci-raw-frames\/lobby\/frame\.0000002\.jpg": not a JPEG/s);
      assert.deepEqual(denied, []);
      console.log(`      ${name}: ${evaluated.length} distinct calls of ${roles.length} functions, all allowed`);
    });
  }

  it('denies what a role does not grant: the frame function reading the output bucket, the recorder writing to S3', async () => {
    const { roles } = runs.get('default')!;
    const call = (fn: string, command: string, input: Record<string, string>): RecordedCall => ({ kind: 'sdk', fn, service: 'S3', command, input });
    const calls = [call('ProcessFrameLambdaFunction', 'GetObject', { Bucket: OUTPUT, Key: 'a/frame.0000000.jpg' }), call('RecordFailedFramesLambdaFunction', 'PutObject', { Bucket: OUTPUT, Key: 'a/video.json' })];

    const evaluated = await evaluateCalls(roles, calls, PLACE);

    assert.deepEqual(evaluated.map((entry) => [entry.fn, entry.action, entry.decision]), [
      ['ProcessFrameLambdaFunction', 's3:GetObject', 'ImplicitlyDenied'],
      ['RecordFailedFramesLambdaFunction', 's3:PutObject', 'ImplicitlyDenied'],
    ]);
  });

  it('lists the permissions no recorded call used (so the policies can shrink)', async () => {
    for (const [name, run] of runs) {
      const unused = await unusedGrants(run.roles, run.evaluated, PLACE);
      console.log(`      ${name}: ${unused.length === 0 ? 'every granted action was used' : `${unused.length} granted actions no call used:`}`);
      for (const grant of unused) console.log(`        ${grant.fn} (${grant.policy}): ${grant.action} on ${grant.resources.join(', ')}`);
    }
  });
});

/**
 * True if anything in the stack invokes the function: a rule, a notification, a subscription, a
 * stream mapping, or another function by its name (the stitch's). Without one it idles (the
 * table-totals function without trackingTableStream) and makes no call to check.
 */
function triggered(template: Template, role: FunctionRole): boolean {
  const others = Object.entries(template.Resources).filter(([id]) => id !== role.id && id !== role.role);
  return others.some(([, resource]) => {
    const text = JSON.stringify(resource.Type === 'AWS::Lambda::Function' ? resource.Properties.Environment ?? {} : resource.Type === 'AWS::Lambda::Permission' || resource.Type.startsWith('AWS::CloudWatch') ? {} : resource);
    return text.includes(`"${role.id}"`) || text.includes(`"${role.functionName}"`);
  });
}

/** S3 decrypts an SSE-KMS object with the caller's kms:Decrypt: one per frame or manifest read from the input bucket. */
function impliedKmsDecrypts(calls: RecordedCall[]): RecordedCall[] {
  const key = EVERY_OPTION.inputKmsKeyArn;
  return calls.flatMap((call) =>
    call.kind === 'sdk' && call.service === 'S3' && call.command === 'GetObject' && call.input.Bucket === INPUT
      ? [{ kind: 'service' as const, fn: call.fn, action: 'kms:Decrypt', resource: key, why: 'S3 decrypts the SSE-KMS object for the caller' }]
      : [],
  );
}

