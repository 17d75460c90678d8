// The stitch functions as deployed: their zips from `serverless package`, unpacked outside the
// repository and run on Node 22 for arm64 under qemu (Lambda's nodejs22.x on arm64) against
// dynalite, s3rver and the local Lambda Invoke API on this host's loopback. A completed video's
// event goes to the planner bundle; its invocations start the worker bundle (segments, then the
// join): edges.mp4 must be byte-identical to the in-memory encode this x64 process makes. The
// sweeper bundle runs once. A bad STITCH_SEGMENT_FRAMES refuses each bundle's cold start.
// Needs scripts/setup-node22.sh (the test fails naming it otherwise). qemu is slow: 3 small frames.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { S3RVER_CREDENTIALS } from '../../../src/local/s3-server';
import type { TrackingEvent } from '../../../src/tracking/events';
import { S3ObjectWriter } from '../../../src/tracking/s3-objects';
import { Tracker } from '../../../src/tracking/tracker';
import { STITCH_OUTBOX } from '../../../src/video/stitch';
import { assertFreshBuild } from '../../support/build-freshness';
import { startLambdaInvokeServer, type LambdaInvokeServer } from '../../support/lambda-invoke-server';
import { HOST_NODE, node22, type NodeRuntime } from '../../support/node22';
import { DEFAULT_PARAMS, offlineEnv, packageStack } from '../../support/serverless';
import { referenceEdgeVideo, submitVideo } from '../../support/stitch-frames';
import { OUTPUT_BUCKET, startStitchWorld, TABLE, type Pipeline, type StitchWorld } from '../../support/stitch-world';
import { unzip } from '../../support/unzip';

const run = promisify(execFile);
const PLANNER = 'frame-processor-ci-stitchPlan';
const WORKER = 'frame-processor-ci-stitchWorker';
const BUNDLES = { stitchPlan: 'planner-handler', stitchWorker: 'worker-handler', sweepStitches: 'sweeper-handler' } as const;
type Bundle = keyof typeof BUNDLES;
const SEGMENT_FRAMES = 2;
const QP = 28;

/** Lambda's Node runtime, reduced: load the handler module once, call it with the payload, print its answer. */
const INVOKER = `
const { handler } = require(process.argv[2]);
handler(JSON.parse(process.argv[3])).then(
  (out) => console.log(JSON.stringify(out)),
  (error) => { console.error(error.name + ': ' + error.message); process.exitCode = 1; },
);
`;

describe('the stitch bundles on Node 22 arm64 (qemu), as Lambda runs them', function () {
  this.timeout(300_000);
  let world: StitchWorld;
  let lambda: LambdaInvokeServer;
  let root: string;
  const dirs = {} as Record<Bundle, string>;
  const runs: string[] = [];

  const env = (extra: Record<string, string> = {}) => ({
    ...offlineEnv(),
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: world.s3.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: world.dynamo.endpoint,
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    TRACKING_TABLE: TABLE,
    TRACKING_EVENTS_FILE: join(root, 'events.jsonl'),
    OUTPUT_BUCKET,
    STITCH_SEGMENT_FRAMES: String(SEGMENT_FRAMES),
    STITCH_QP: String(QP),
    STITCH_PLAN_FUNCTION: PLANNER,
    STITCH_WORKER_FUNCTION: WORKER,
    LOG_LEVEL: 'ERROR',
    NODE_OPTIONS: '--enable-source-maps',
    ...extra,
  });

  async function invoke(bundle: Bundle, payload: unknown, runtime: NodeRuntime, extra: Record<string, string> = {}): Promise<{ ok: boolean; stdout: string; stderr: string }> {
    const args = [...runtime.prefix, join(dirs[bundle], 'invoke.js'), `./src/lambda/stitch/${BUNDLES[bundle]}.js`, JSON.stringify(payload)];
    const started = Date.now();
    try {
      const out = await run(runtime.command, args, { cwd: dirs[bundle], env: { ...env(extra), ...runtime.env }, maxBuffer: 16 * 1024 * 1024 });
      runs.push(`${bundle} ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return { ok: true, ...out };
    } catch (error) {
      const failed = error as Error & { stdout?: string; stderr?: string };
      return { ok: false, stdout: failed.stdout ?? '', stderr: failed.stderr || failed.message };
    }
  }

  /** As Lambda's async invocation: a failed run fails the delivery (the stand-in retries it). */
  const deliver = (bundle: Bundle) => async (payload: unknown) => {
    const result = await invoke(bundle, payload, node22('arm64'));
    if (!result.ok) throw new Error(`${bundle}: ${result.stderr}`);
  };

  before(async () => {
    assertFreshBuild('wasm');
    const { dir } = await packageStack(DEFAULT_PARAMS);
    root = await mkdtemp(join(tmpdir(), 'frame-processor-stitch-bundles-'));
    for (const bundle of Object.keys(BUNDLES) as Bundle[]) {
      dirs[bundle] = join(root, bundle);
      unzip(join(dir, `${bundle}.zip`), dirs[bundle]);
      await writeFile(join(dirs[bundle], 'invoke.js'), INVOKER);
    }
    world = await startStitchWorld();
    lambda = await startLambdaInvokeServer({ [PLANNER]: deliver('stitchPlan'), [WORKER]: deliver('stitchWorker') });
  });
  after(async () => {
    console.log(`      runs under qemu: ${runs.join(', ')}`);
    await lambda?.close();
    await world?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('planner and worker bundles: an event -> segments -> the join: edges.mp4 byte-identical to the x64 encode', async () => {
    const videoId = 'bundle/video 1';
    // The frame accounting as deployed with the edge video; its event is kept for the planner bundle.
    const events: TrackingEvent[] = [];
    const tracker = new Tracker({ client: world.dynamo.client(), tableName: TABLE, objects: new S3ObjectWriter(world.s3.client, OUTPUT_BUCKET), events: { publish: async (event) => void events.push(event) }, outboxAfterPublish: STITCH_OUTBOX.plan });
    const files = await submitVideo(world, { tracker } as Pipeline, { videoId, total: 3, width: 80, height: 48 });
    const event = { version: '0', source: events[0].source, 'detail-type': events[0].detailType, detail: events[0].detail };

    await deliver('stitchPlan')(event);
    await lambda.idle();

    assert.deepEqual(lambda.failures.map((failure) => String(failure.error)), []);
    assert.deepEqual(lambda.invocations.map((invocation) => invocation.functionName), [WORKER, WORKER, WORKER], 'two segments, then the join');
    const edges = (await world.s3.get(OUTPUT_BUCKET, `${videoId}/edges.mp4`)).body;
    assert.ok(edges.equals(Buffer.from(referenceEdgeVideo(files, SEGMENT_FRAMES, QP))), 'edges.mp4 made on arm64 differs from the x64 encode');
  });

  it('the sweeper bundle runs a sweep (nothing is past its grace)', async () => {
    const result = await invoke('sweepStitches', {}, node22('arm64'));

    assert.ok(result.ok, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout.trim().split('\n').pop()!), { redriven: [], refused: [], failed: [] });
  });

  it('each bundle refuses its cold start on a bad STITCH_SEGMENT_FRAMES, naming it', async () => {
    for (const bundle of Object.keys(BUNDLES) as Bundle[]) {
      const result = await invoke(bundle, {}, HOST_NODE, { STITCH_SEGMENT_FRAMES: '0' });

      assert.equal(result.ok, false, `${bundle}: ${result.stdout}`);
      assert.match(result.stderr, /ConfigError\]?: STITCH_SEGMENT_FRAMES="0": must be an integer from 1 to 100000/, `${bundle}: ${result.stderr}`);
    }
  });
});
