// The stitch functions' handlers end to end over real local servers: s3rver, dynalite, and a local
// stand-in for Lambda's Invoke API that the real Lambda client calls (support/lambda-invoke-
// server.ts). A video is processed by the frame function with EDGE_VIDEO=on until it completes;
// its "Video Frames Processed" event goes to the planner handler, whose invocations reach the
// worker handler, whose last segment invokes the join: edges.mp4, checked by ffprobe. A video
// whose event is lost is found by the stitch sweeper handler and stitched the same way; one
// published before the edge video was deployed is stitched by a plan task sent to the planner.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../../src/lambda/config';
import { encodeEventKey } from '../../../src/lambda/s3-event';
import { stitchFunction } from '../../../src/lambda/stitch/entry-setup';
import { createStitchSweeperHandler } from '../../../src/lambda/stitch/sweeper';
import { createPlannerHandler, createWorkerHandler } from '../../../src/lambda/stitch/tasks';
import { createManifestHandler } from '../../../src/lambda/tracking/manifest';
import { createTracker } from '../../../src/lambda/tracking-setup';
import { getConsistent } from '../../../src/tracking/items';
import { A, videoKey } from '../../../src/tracking/table';
import { STITCH_OUTBOX } from '../../../src/video/stitch';
import { recordFor } from '../../support/events';
import { startLambdaInvokeServer, type LambdaInvokeServer } from '../../support/lambda-invoke-server';
import { probeVideo } from '../../support/media-probe';
import { OUT, RAW, TRACKING_TABLE, useTrackingRig } from '../../support/tracking-functions';

const PLANNER = 'frame-processor-ci-stitchPlan';
const WORKER = 'frame-processor-ci-stitchWorker';
const FRAMES = 7;
const SEGMENT_FRAMES = 3;
/** Every stitch state re-driven at once (the deployed sweeper waits out each state's grace). */
const NO_GRACE = { graceMs: Object.fromEntries(Object.values(STITCH_OUTBOX).map((state) => [state, 0])) as Record<(typeof STITCH_OUTBOX)[keyof typeof STITCH_OUTBOX], number>, maxRedrives: 10 };

describe('the stitch functions end to end (handlers, s3rver + dynalite + a local Lambda Invoke API)', function () {
  this.timeout(60_000);
  const rig = useTrackingRig();
  let lambda: LambdaInvokeServer;
  let stitchEnv: Record<string, string>;
  let directory: string;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'stitch-handlers-'));
    stitchEnv = {
      TRACKING_TABLE, TRACKING_EVENTS_FILE: rig.config.eventsFile!, OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true', LOG_LEVEL: 'SILENT',
      STITCH_SEGMENT_FRAMES: String(SEGMENT_FRAMES), STITCH_PLAN_FUNCTION: PLANNER, STITCH_WORKER_FUNCTION: WORKER,
    };
    // Each function built from the environment, as its entry point builds it: one setup per function.
    const handlers: { planner?: (payload: unknown) => Promise<unknown>; worker?: (payload: unknown) => Promise<unknown> } = {};
    lambda = await startLambdaInvokeServer({ [PLANNER]: (payload) => handlers.planner!(payload), [WORKER]: (payload) => handlers.worker!(payload) });
    handlers.planner = createPlannerHandler(stitchSetup());
    handlers.worker = createWorkerHandler(stitchSetup());
  });
  after(async () => {
    await lambda?.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** A video of FRAMES frames processed by the frame function with EDGE_VIDEO=on, its manifest recorded: complete and published. */
  async function completeVideo(videoId: string, edgeVideo = 'on'): Promise<void> {
    const env = { OUTPUT_BUCKET: OUT, S3_FORCE_PATH_STYLE: 'true', TRACKING_TABLE, TRACKING_EVENTS_FILE: rig.config.eventsFile!, EDGE_VIDEO: edgeVideo };
    const tracking = readConfig(env).tracking!;
    const tracker = () => createTracker(tracking, { publishTo: { s3: rig.functionS3, outputBucket: OUT }, log: rig.log, client: rig.dynamo.client() });
    const { keys, manifestEvent } = await rig.putVideo(videoId, FRAMES, 40, 30);
    const { handler } = rig.entryPoint({ config: readConfig(env), tracking: tracker() });
    await createManifestHandler({ s3: rig.functionS3, tracker: tracker(), report: rig.report() })(manifestEvent);
    await handler({ Records: keys.map((key) => recordFor(RAW, encodeEventKey(key))) });
  }

  async function probeEdges(videoId: string) {
    const path = join(directory, `${videoId.replace(/\W/g, '_')}.mp4`);
    await writeFile(path, (await rig.s3.get(OUT, `${videoId}/edges.mp4`)).body);
    return probeVideo(path);
  }

  const stitchSetup = () => stitchFunction(stitchEnv, { dynamo: rig.dynamo.client(), s3: rig.functionS3, lambda: lambda.client, log: rig.log });
  const outboxOf = async (videoId: string) => (await getConsistent({ client: rig.dynamo.client(), name: TRACKING_TABLE }, videoKey(videoId)))?.[A.outbox]?.S;

  it('a completed video: its event -> the planner handler -> segments and the join on the worker handler -> edges.mp4', async () => {
    const videoId = 'camera 3/take 1';
    await completeVideo(videoId);
    assert.equal(await outboxOf(videoId), STITCH_OUTBOX.plan, 'the frame accounting handed the video on to the stitch');
    const [event] = await rig.events(videoId);
    const bridged = { version: '0', id: 'e-1', 'detail-type': event['detail-type'], source: event.source, account: '111122223333', time: '2026-11-29T18:00:00Z', region: 'us-east-1', resources: [], detail: event.detail };

    const result = await createPlannerHandler(stitchSetup())(bridged);
    await lambda.idle();

    assert.deepEqual(lambda.failures, []);
    assert.deepEqual(result, { state: 'planned', planId: (result as { planId: string }).planId, segments: 3, invoked: 3 });
    const toWorker = lambda.invocations.filter((invocation) => invocation.functionName === WORKER).map(({ payload }) => payload as { kind: string; segment?: number });
    assert.deepEqual(toWorker.map((task) => `${task.kind}${task.segment ?? ''}`).sort(), ['join', 'segment0', 'segment1', 'segment2']);
    const probed = await probeEdges(videoId);
    assert.deepEqual([probed.codec, probed.width, probed.height, probed.frameCount, probed.avgFrameRate], ['h264', 38, 28, FRAMES, '25/1']);
    const record = await rig.videoRecord(videoId);
    assert.equal((record.edgeVideo as { status: string }).status, 'created');
    assert.deepEqual((await rig.events(videoId)).map((line) => line['detail-type']), ['Video Frames Processed', 'Edge Video Created']);
    assert.equal(await outboxOf(videoId), STITCH_OUTBOX.recheck);
  });

  it('a video whose event was lost: the stitch sweeper handler invokes the planner, and the video is stitched', async () => {
    const videoId = 'camera 3/take 2';
    await completeVideo(videoId);
    const sweep = createStitchSweeperHandler({ ...stitchSetup(), options: NO_GRACE });

    const first = await sweep({});
    await lambda.idle();
    await sweep({}); // the recheck, then the outbox is clear

    assert.deepEqual(lambda.failures, []);
    assert.ok(first.redriven.some((entry) => entry.videoId === videoId && entry.state === STITCH_OUTBOX.plan), JSON.stringify(first));
    assert.ok(lambda.invocations.some((invocation) => invocation.functionName === PLANNER && JSON.stringify(invocation.payload) === JSON.stringify({ kind: 'plan', videoId })));
    assert.equal((await probeEdges(videoId)).frameCount, FRAMES);
    assert.equal(await outboxOf(videoId), undefined);
  });

  it('a video published before the edge video was deployed (outbox cleared): a plan task to the planner handler stitches it', async () => {
    const videoId = 'camera 3/take 0';
    await completeVideo(videoId, 'off');
    assert.equal(await outboxOf(videoId), undefined);

    await createPlannerHandler(stitchSetup())({ kind: 'plan', videoId });
    await lambda.idle();

    assert.deepEqual(lambda.failures, []);
    assert.equal((await probeEdges(videoId)).frameCount, FRAMES);
    assert.equal(((await rig.videoRecord(videoId)).edgeVideo as { status: string }).status, 'created');
  });

  it('refuses a task meant for the other function, naming it (the planner takes no segment, the worker no event)', async () => {
    const deps = stitchSetup();

    await assert.rejects(createPlannerHandler(deps)({ kind: 'segment', videoId: 'v', planId: '0123456789abcdef', segment: 0 }), /StitchTaskError: stitch task: a segment task, but this function runs plan tasks/);
    await assert.rejects(createWorkerHandler(deps)({ 'detail-type': 'Video Frames Processed', detail: { videoId: 'v' } }), /StitchTaskError: stitch task: videoId is not a non-empty string/);
    await assert.rejects(createWorkerHandler(deps)({ kind: 'plan', videoId: 'v' }), /a plan task, but this function runs segment and join tasks/);
    assert.ok(rig.log.lines.some((line) => line.level === 'error' && line.message.startsWith('not a stitch task of this function')));
  });
});
