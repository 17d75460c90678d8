// A crash injected after every step of the planner, the segment workers, the join, the
// publication and the sweeper (and at two points inside putSegment and the join's upload), with
// Lambda's retries or with the crashed delivery lost for good, then the sweeper: edges.mp4 exists
// once with the bytes of a clean run, the join-ready and stitched points are each passed exactly
// once, video.json and the event go out at least once and always the same, the work objects are
// gone and the outbox is clear.
import { strict as assert } from 'node:assert';
import { getConsistent } from '../../../src/tracking/items';
import { A, videoKey } from '../../../src/tracking/table';
import { EDGE_VIDEO_CREATED, EDGE_VIDEO_NOT_CREATED } from '../../../src/video/stitch/publish';
import { STITCH_STEPS } from '../../../src/video/stitch/steps';
import { indexFrame } from '../../support/index-frames';
import { expectedShown, decodeEdgeVideo, shownIndexes, submitVideo, type VideoSpec } from '../../support/stitch-frames';
import {
  INSIDE_POINTS, isInjectedCrash, OUTPUT_BUCKET, settle, startStitchWorld, StitchCrashError, TABLE, type CrashHook, type CrashPoint, type StitchWorld,
} from '../../support/stitch-world';

const SETTINGS = { segmentFrames: 3, qp: 28 };
/** 7 frames in segments of 3, 3 and 1; frame 2 failed (a fill). */
const video = (videoId: string): VideoSpec => ({ videoId, total: 7, width: 96, height: 64, failed: [2] });
/** Frame 4 changes size: refused. */
const resized = (videoId: string): VideoSpec => ({
  ...video(videoId),
  frame: (index) => (index === 4 ? { plane: indexFrame(112, 64, index), width: 112, height: 64 } : { plane: indexFrame(96, 64, index), width: 96, height: 64 }),
});

/** Crashes the first time `point` is reached; counts the one-way points passed. */
function crashOnce(point: CrashPoint): CrashHook & { fired: boolean; joinReady: number; stitched: number; refused: number } {
  const hook = {
    fired: false,
    joinReady: 0,
    stitched: 0,
    refused: 0,
    step(reached: CrashPoint, videoId: string) {
      if (reached === 'after-join-ready') hook.joinReady++;
      if (reached === 'after-stitched') hook.stitched++;
      if (reached === 'after-refuse') hook.refused++;
      if (reached !== point || hook.fired) return;
      hook.fired = true;
      throw new StitchCrashError(reached, videoId);
    },
  };
  return hook;
}

describe('stitch: a crash between every pair of steps', function () {
  let world: StitchWorld;
  let cleanBytes: Buffer;
  before(async () => {
    world = await startStitchWorld();
    const pipeline = world.pipeline({ settings: SETTINGS });
    await submitVideo(world, pipeline, video('clean'));
    await settle(pipeline);
    const clean = await decodeEdgeVideo(world, 'clean', 96, 64);
    assert.deepEqual(shownIndexes(clean, 96, 64), expectedShown(7, [2]));
    cleanBytes = clean.bytes;
  });
  after(async () => world?.close());

  for (const point of [...STITCH_STEPS, ...INSIDE_POINTS]) {
    it(`after ${point}: retried by Lambda, or lost and found by the sweeper`, async () => {
      const refusal = point === 'after-refuse';
      let fired = 0;
      for (const variant of ['retried', 'lost'] as const) {
        const videoId = `crash/${point}/${variant}`;
        const hook = crashOnce(point);
        const pipeline = world.pipeline({ settings: SETTINGS, faults: hook, lose: variant === 'lost' ? (_task, error) => isInjectedCrash(error) : undefined });
        await submitVideo(world, pipeline, refusal ? resized(videoId) : video(videoId));
        await settle(pipeline, { videoId });
        assert.deepEqual(pipeline.invoker.unexpected, [], `${videoId}: unexpected errors`);
        if (hook.fired) fired++;
        await (refusal ? assertRefusedOnce(videoId, hook) : assertStitchedOnce(videoId, hook));
        await assertQuiet(videoId);
      }
      assert.ok(fired === 2, `the crash at ${point} fired in ${fired} of 2 runs`);
    });
  }

  async function assertStitchedOnce(videoId: string, hook: { joinReady: number; stitched: number }): Promise<void> {
    assert.equal(hook.joinReady, 1, `${videoId}: join-ready points passed`);
    assert.equal(hook.stitched, 1, `${videoId}: stitched points passed`);
    const bytes = (await world.s3.get(OUTPUT_BUCKET, `${videoId}/edges.mp4`)).body;
    assert.ok(bytes.equals(cleanBytes), `${videoId}: edges.mp4 differs from the clean run's`);
    await assertPublished(videoId, EDGE_VIDEO_CREATED);
  }

  async function assertRefusedOnce(videoId: string, hook: { refused: number; stitched: number }): Promise<void> {
    assert.equal(hook.refused, 1, `${videoId}: refusals recorded`);
    assert.equal(hook.stitched, 0);
    assert.equal(await world.s3.exists(OUTPUT_BUCKET, `${videoId}/edges.mp4`), false);
    const record = await assertPublished(videoId, EDGE_VIDEO_NOT_CREATED);
    assert.match(String(record.edgeVideo.reason), /frame 4 \(crash\/after-refuse\/\w+\/frame\.0000004\.jpg\) is 112x64, the first frame is 96x64/);
  }

  /** video.json written at least once, always the same bytes, the same as the event's detail, sent at least once and always the same. */
  async function assertPublished(videoId: string, detailType: string): Promise<{ edgeVideo: Record<string, unknown> }> {
    const bodies = world.records.get(`${videoId}/video.json`) ?? [];
    assert.ok(bodies.length >= 1, `${videoId}: video.json never written by the stitch`);
    assert.equal(new Set(bodies).size, 1, `${videoId}: video.json differs between writes`);
    const stored = (await world.s3.get(OUTPUT_BUCKET, `${videoId}/video.json`)).body.toString('utf8');
    assert.equal(stored, bodies[0], `${videoId}: the stored video.json is not the stitch's`);
    const lines = world.events.filter((event) => event.detail.videoId === videoId && event.detailType === detailType).map((event) => event.line);
    assert.ok(lines.length >= 1, `${videoId}: no ${detailType} event`);
    assert.equal(new Set(lines).size, 1, `${videoId}: events differ`);
    assert.deepEqual(JSON.parse(lines[0]).detail, JSON.parse(stored));
    return JSON.parse(stored);
  }

  async function assertQuiet(videoId: string): Promise<void> {
    const item = await getConsistent({ client: world.dynamo.client(), name: TABLE }, videoKey(videoId));
    assert.equal(item?.[A.outbox], undefined, `${videoId}: outbox ${JSON.stringify(item?.[A.outbox])}`);
    assert.deepEqual(await world.keysUnder(`${videoId}/.stitch/`), [], `${videoId}: work objects left`);
  }
});
