// Videos that give no edge video, and work that is not (or no longer) due: every frame failed,
// no frames at all, a size change partway, an unreadable edge map (each refused once, the reason
// in video.json and the event, nothing retried); tasks of another plan, a repeated
// "Video Frames Processed" event, a plan for an incomplete video.
import { strict as assert } from 'node:assert';
import { getConsistent } from '../../../src/tracking/items';
import { A, videoKey } from '../../../src/tracking/table';
import { EDGE_VIDEO_NOT_CREATED } from '../../../src/video/stitch/publish';
import { indexFrame } from '../../support/index-frames';
import { readRecord, submitVideo, type VideoSpec } from '../../support/stitch-frames';
import { OUTPUT_BUCKET, settle, startStitchWorld, TABLE, type StitchWorld } from '../../support/stitch-world';
import { frameKey } from '../../support/tracking-world';

describe('stitch: no edge video, and work that is not due', function () {
  let world: StitchWorld;
  before(async () => (world = await startStitchWorld()));
  after(async () => world?.close());

  /** Runs the video to rest and checks it ended without an edge video, published once, nothing retried. */
  async function noVideo(spec: VideoSpec, status: 'refused' | 'none', reason: RegExp, prepare?: () => Promise<void>) {
    const pipeline = world.pipeline({ settings: { segmentFrames: 3, qp: 28 } });
    await prepare?.();
    await submitVideo(world, pipeline, spec);
    await settle(pipeline, { videoId: spec.videoId });
    assert.deepEqual([pipeline.invoker.unexpected, pipeline.invoker.retried, pipeline.invoker.dropped.length], [[], 0, 0], 'a refusal is not retried');
    assert.equal(await world.s3.exists(OUTPUT_BUCKET, `${spec.videoId}/edges.mp4`), false);
    const record = await readRecord(world, spec.videoId);
    assert.equal(record.edgeVideo.status, status);
    assert.match(String(record.edgeVideo.reason), reason);
    const events = world.events.filter((event) => event.detail.videoId === spec.videoId && event.detailType === EDGE_VIDEO_NOT_CREATED);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].detail, record);
    const item = await getConsistent({ client: world.dynamo.client(), name: TABLE }, videoKey(spec.videoId));
    assert.equal(item?.[A.outbox], undefined);
    assert.deepEqual(await world.keysUnder(`${spec.videoId}/.stitch/`), []);
    return { pipeline, record };
  }

  it('every frame failed: no edge video, video.json says so', async () => {
    const { record } = await noVideo({ videoId: 'none/all-failed', total: 4, width: 96, height: 64, failed: [0, 1, 2, 3] }, 'none', /none of its 4 frames has an edge map/);
    assert.equal(record.status, 'complete_with_failures');
  });

  it('a video of no frames: no edge video', async () => {
    await noVideo({ videoId: 'none/empty', total: 0, width: 96, height: 64 }, 'none', /the video has no frames/);
  });

  it('frames that change size partway: refused once with the frame, its key and both sizes', async () => {
    const spec: VideoSpec = {
      videoId: 'refused/resize', total: 8, width: 96, height: 64,
      frame: (index) => (index < 5 ? { plane: indexFrame(96, 64, index), width: 96, height: 64 } : { plane: indexFrame(128, 72, index), width: 128, height: 72 }),
    };
    await noVideo(spec, 'refused', /the frames change size partway: frame [5-7] \(refused\/resize\/frame\.000000[5-7]\.jpg\) is 128x72, the first frame is 96x64/);
  });

  it('an edge map that is not an image: refused, naming the object', async () => {
    const spec: VideoSpec = { videoId: 'refused/corrupt', total: 5, width: 96, height: 64, failed: [3] };
    // Frame 3 "failed", but something wrote garbage where its edge map would be.
    const prepare = () => world.s3.put(OUTPUT_BUCKET, frameKey(spec.videoId, 3), 'not an image');
    await noVideo(spec, 'refused', /frame 3: refused\/corrupt\/frame\.0000003\.jpg: cannot be read as a JPEG or PNG: NotAJpegError/, prepare);
  });

  it('drops tasks of another plan, answers a repeated event with nothing new, and plans only completed videos', async () => {
    const pipeline = world.pipeline({ settings: { segmentFrames: 2, qp: 28 } });
    await submitVideo(world, pipeline, { videoId: 'due/done', total: 3, width: 96, height: 64 });
    await settle(pipeline);
    const before = await world.s3.get(OUTPUT_BUCKET, 'due/done/edges.mp4');
    const events = world.events.length;
    assert.equal(await pipeline.service.run({ kind: 'segment', videoId: 'due/done', planId: '0123456789abcdef', segment: 0 }), 'stale');
    assert.equal(await pipeline.service.run({ kind: 'join', videoId: 'due/done', planId: '0123456789abcdef' }), 'stale');
    assert.deepEqual(await pipeline.service.plan('due/done'), { state: 'finished', outcome: 'created' });
    await pipeline.invoker.drain();
    assert.equal(world.events.length, events, 'a repeated event publishes nothing new');
    assert.ok((await world.s3.get(OUTPUT_BUCKET, 'due/done/edges.mp4')).body.equals(before.body));

    await pipeline.tracker.manifest(new TextEncoder().encode(JSON.stringify({ totalFrames: 2 })), 'due/incomplete/capture.json');
    assert.deepEqual(await pipeline.service.plan('due/incomplete'), { state: 'not-complete' });
    assert.deepEqual(await pipeline.service.plan('due/unknown'), { state: 'not-complete' });
  });
});
