// `serverless package` (osls) run offline with dummy credentials: the function's part of the
// CloudFormation template it writes (the rest of the stack: deploy-stack.test.ts), then the packaged zip
// itself, unzipped and run in a fresh Node process against a real local S3 server, as Lambda would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzip } from '../support/unzip';
import { h264WasmBase64 } from '../../src/video/h264/generated/h264-wasm';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { processFrame } from '../../src/core/pipeline';
import { recordFor } from '../support/events';
import { makeJpeg } from '../support/jpegs';
import { HOST_NODE } from '../support/node22';
import { invokeBundle, packageFunction, unpackBundle } from '../support/packaged-function';
import { startTestS3, type TestS3 } from '../support/s3-server';
import { DEFAULT_PARAMS, offlineEnv, type Statement, type Template } from '../support/serverless';

const { inputBucket: INPUT, outputBucket: OUTPUT } = DEFAULT_PARAMS;
/**
 * src/lambda/handler.js in processFrame.zip on main before the edge video was wired in (minified,
 * bytes), plus what per-video tracking added since in the frame function's own code (groups of
 * chunks, numbering, totals by source, MediaConvert listings, corrections, stalls: 30,469 bytes).
 */
const FRAME_CODE_BYTES_BEFORE_STITCH = 931_816 + 30_469;
/** What the fast path added to it since (its kernels in the embedded module, the TypeScript around them): the bundle with and without it, minified by esbuild. */
const FAST_PATH_CODE_BYTES = 15_053;

describe('deploy: serverless package (osls, offline)', function () {
  this.timeout(180_000);
  let zip: string;
  let packageDir: string;
  let template: Template;

  before(async () => {
    ({ zip, dir: packageDir, template } = await packageFunction());
  });

  it('declares the function: nodejs22.x on arm64, the bundled handler, 120 s, memory from --param, the environment (no source maps at run time)', () => {
    const fn = template.Resources.ProcessFrameLambdaFunction.Properties;

    assert.equal(fn.Runtime, 'nodejs22.x');
    assert.deepEqual(fn.Architectures, ['arm64']);
    assert.equal(fn.Handler, 'src/lambda/handler.handler');
    assert.equal(fn.Timeout, 120);
    assert.equal(fn.MemorySize, 2048);
    assert.deepEqual(fn.Environment.Variables, {
      OUTPUT_BUCKET: { Ref: 'OutputBucket' },
      BLUR_MODIFIER: '8',
      BLUR_METHOD: 'fast',
      JPEG_QUALITY: '75',
      OUTPUT_FORMAT: 'jpeg',
      LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'frame-processor',
      POWERTOOLS_METRICS_NAMESPACE: 'FrameProcessor',
      STACK_NAME: 'frame-processor-ci',
      EDGE_VIDEO: 'on',
      FRAME_KEY_PATTERN: '',
      TRACKING_TABLE: { 'Fn::Sub': ['${Table}', { Table: { Ref: 'TrackingTable' } }] },
    });
    assert.deepEqual(fn.Role, { 'Fn::GetAtt': ['ProcessFrameRole', 'Arn'] });
  });

  it('subscribes to ObjectCreated on the existing input bucket with the .jpg/.jpeg suffix filters', () => {
    const notifications = Object.values(template.Resources).filter((resource) => resource.Type === 'Custom::S3' && resource.Properties.FunctionName === 'frame-processor-ci-processFrame');

    assert.equal(notifications.length, 1);
    const { BucketName, BucketConfigs } = notifications[0].Properties;
    assert.equal(BucketName, INPUT);
    assert.deepEqual(BucketConfigs, ['.jpg', '.jpeg', '.JPG', '.JPEG'].map((suffix) => ({ Event: 's3:ObjectCreated:*', Rules: [{ Suffix: suffix }] })));
    assert.ok(!Object.values(template.Resources).some((r) => r.Type === 'AWS::S3::Bucket' && r.Properties.BucketName === INPUT), 'the input bucket must not be created');
  });

  it("grants its own role exactly GetObject on the input bucket's objects, PutObject (tagged) on the output bucket's, its log group and the failure topic", () => {
    const statements = template.Resources.ProcessFrameRole.Properties.Policies[0].PolicyDocument.Statement as Statement[];

    assert.equal('IamRoleLambdaExecution' in template.Resources, false, 'no role shared between functions');
    assert.deepEqual(statements, [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/frame-processor-ci-processFrame:*' },
      },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${INPUT}/*` } },
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging'], Resource: { 'Fn::Sub': '${OutputBucket.Arn}/*' } },
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'FailedFramesTopic' } },
    ]);
  });

  it("limits the framework's notification helper to the input bucket itself and the functions it subscribes (osls grants function:*)", () => {
    const role = template.Resources.IamRoleCustomResourcesLambdaExecution.Properties;
    const statements = role.Policies[0].PolicyDocument.Statement as Statement[];
    const fn = (name: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:frame-processor-ci-${name}` });

    assert.deepEqual(statements, [
      { Effect: 'Allow', Resource: { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 's3', '', '', INPUT]] }, Action: ['s3:PutBucketNotification', 's3:GetBucketNotification'] },
      { Effect: 'Allow', Resource: [fn('processFrame'), fn('recordManifest')], Action: ['lambda:AddPermission', 'lambda:RemovePermission'] },
    ]);
  });

  it('keeps failed events: two retries, then the failure topic, which fans out to the SQS queue (14-day retention) as is', () => {
    const config = template.Resources.ProcessFrameLambdaEvConf.Properties;
    const queue = template.Resources.FailedFramesQueue;
    const toQueue = template.Resources.FailedFramesTopicToQueue.Properties;
    const [allowTopic] = template.Resources.FailedFramesQueuePolicy.Properties.PolicyDocument.Statement as Statement[];

    assert.equal(config.MaximumRetryAttempts, 2);
    assert.deepEqual(config.DestinationConfig, { OnFailure: { Destination: { Ref: 'FailedFramesTopic' } } });
    assert.deepEqual(toQueue, { TopicArn: { Ref: 'FailedFramesTopic' }, Protocol: 'sqs', Endpoint: { 'Fn::GetAtt': ['FailedFramesQueue', 'Arn'] }, RawMessageDelivery: true });
    assert.deepEqual([allowTopic.Principal, allowTopic.Action, allowTopic.Condition], [{ Service: 'sns.amazonaws.com' }, 'sqs:SendMessage', { ArnEquals: { 'aws:SourceArn': { Ref: 'FailedFramesTopic' } } }]);
    assert.equal(queue.Type, 'AWS::SQS::Queue');
    assert.equal(queue.Properties.MessageRetentionPeriod, 14 * 24 * 3600);
  });

  it("loads each tracking function's bundle as Lambda would, and refuses a cold start without TRACKING_TABLE", async () => {
    const env = { ...offlineEnv(), TRACKING_TABLE: 'frame-tracking', OUTPUT_BUCKET: OUTPUT, INPUT_BUCKET: INPUT, LOG_LEVEL: 'SILENT' };
    const mediaConvertError = readFileSync(join(__dirname, '..', 'fixtures', 'tracking', 'mediaconvert-error.json'), 'utf8');
    const runs: Array<[string, string, string]> = [
      ['recordManifest', 'manifest-handler', '{"Records": []}'],
      ['recordFailedFrames', 'failed-frames-handler', '{"Records": []}'],
      ['recordMediaConvertTotal', 'mediaconvert-handler', mediaConvertError],
      ['adoptTableTotals', 'table-totals-handler', '{"Records": []}'],
      ['sweepVideos', 'sweeper-handler', ''],
    ];
    for (const [fn, file, event] of runs) {
      const dir = await mkdtemp(join(tmpdir(), `frame-processor-${fn}-`));
      try {
        unzip(join(packageDir, `${fn}.zip`), dir);
        const script = `const { handler } = require('./src/lambda/tracking/${file}.js'); ${event ? `handler(${event}).then((out) => console.log(JSON.stringify(out)))` : "console.log(typeof handler)"}`;
        const loaded = spawnSync(process.execPath, ['-e', script], { cwd: dir, env, encoding: 'utf8' });
        const refused = spawnSync(process.execPath, ['-e', script], { cwd: dir, env: { ...env, TRACKING_TABLE: '' }, encoding: 'utf8' });

        assert.equal(loaded.status, 0, `${fn}: ${loaded.stderr}`);
        assert.equal(loaded.stdout.trim(), event ? '{"done":' + (fn === 'recordMediaConvertTotal' ? 1 : 0) + ',"refused":0}' : 'function', fn);
        assert.match(refused.stderr, /ConfigError: TRACKING_TABLE="": required: the DynamoDB table of per-video tracking/, fn);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it('leaves the S3 and EventBridge clients out of the failed-frame recorder, which never calls them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'frame-processor-recorder-'));
    try {
      unzip(join(packageDir, 'recordFailedFrames.zip'), dir);
      const { sources } = JSON.parse(await readFile(join(dir, 'src/lambda/tracking/failed-frames-handler.js.map'), 'utf8')) as { sources: string[] };
      const packages = new Set(sources.flatMap((source) => /node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(source)?.[1] ?? []));

      assert.ok(packages.has('@aws-sdk/client-dynamodb'), 'the probe must find the client it does use');
      assert.deepEqual([...packages].filter((name) => /client-s3|client-eventbridge|middleware-sdk-s3/.test(name)), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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

    it('holds only the minified handler and its source map, built from the frame path alone', async () => {
      assert.deepEqual(entries.sort(), ['src/lambda/handler.js', 'src/lambda/handler.js.map']);
      // Each function is bundled alone: nothing another function imports (the tracking functions,
      // the video code and its second WebAssembly module, the CLI) reaches the frame function.
      const { sources } = JSON.parse(await readFile(join(bundleDir, 'src/lambda/handler.js.map'), 'utf8')) as { sources: string[] };
      const ours = sources.filter((source) => !source.includes('node_modules')).map((source) => source.replace(/^(\.\.\/)+/, ''));
      assert.ok(ours.includes('src/lambda/handler.ts') && ours.includes('src/wasm/generated/release-wasm.ts'));
      assert.deepEqual(ours.filter((source) => /^src\/(video|cli|local|lambda\/tracking|lambda\/stitch)\//.test(source) || /h264/.test(source)), []);
    });

    it('does not grow with the edge video: no H.264 module in it, and its code within 8 KiB of its size before the stitch was wired (plus the fast path)', async () => {
      const frameCode = await readFile(join(bundleDir, 'src/lambda/handler.js'), 'utf8');
      // 64 characters from the middle of the encoder's embedded module: in the stitch bundles, never in the frame bundle.
      const h264 = h264WasmBase64.slice(h264WasmBase64.length >> 1, (h264WasmBase64.length >> 1) + 64);
      const worker = await mkdtemp(join(tmpdir(), 'frame-processor-stitch-worker-'));
      try {
        unzip(join(packageDir, 'stitchWorker.zip'), worker);
        assert.ok((await readFile(join(worker, 'src/lambda/stitch/worker-handler.js'), 'utf8')).includes(h264), 'the probe must find the module where it is');
      } finally {
        await rm(worker, { recursive: true, force: true });
      }

      console.log(`      frame bundle: handler.js ${frameCode.length} bytes (${FRAME_CODE_BYTES_BEFORE_STITCH} before the stitch was wired, ${FAST_PATH_CODE_BYTES} since for the fast path)`);
      assert.equal(frameCode.includes(h264), false, 'the H.264 module is in the frame bundle');
      const budget = FRAME_CODE_BYTES_BEFORE_STITCH + FAST_PATH_CODE_BYTES + 8 * 1024;
      assert.ok(frameCode.length <= budget, `handler.js is ${frameCode.length} bytes: it was ${FRAME_CODE_BYTES_BEFORE_STITCH} before the stitch was wired, and the fast path added ${FAST_PATH_CODE_BYTES}`);
    });

    it('is the only bundle with the frame WebAssembly module apart from the stitch bundles; every function has its own bundle', async () => {
      const zips = (await readdir(packageDir)).filter((name) => name.endsWith('.zip') && name !== 'custom-resources.zip').sort();
      const stitch = ['stitchPlan.zip', 'stitchWorker.zip', 'sweepStitches.zip'];
      assert.deepEqual(zips, ['adoptTableTotals.zip', 'processFrame.zip', 'recordFailedFrames.zip', 'recordManifest.zip', 'recordMediaConvertTotal.zip', ...stitch, 'sweepVideos.zip']);
      const frameSize = (await stat(join(packageDir, 'processFrame.zip'))).size;
      // The stitch reads JPEG edge maps with the frame module and encodes with the H.264 one: both are in its bundles.
      for (const zip of zips.filter((name) => name !== 'processFrame.zip' && !stitch.includes(name))) {
        const size = (await stat(join(packageDir, zip))).size;
        assert.ok(size < frameSize, `${zip} (${size} bytes) should be smaller than the frame bundle (${frameSize} bytes): it has no WebAssembly`);
      }
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
