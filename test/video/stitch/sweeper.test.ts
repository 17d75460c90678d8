// The stitch sweeper: nothing is re-driven before its state's grace period; after it, segments
// whose deliveries were all lost are invoked again and the video finishes; the recheck rewrites
// video.json once its own grace has passed, then clears the outbox; a step that never finishes
// is refused after maxRedrives re-drives, with the reason, instead of being retried forever.
import { strict as assert } from 'node:assert';
import { getConsistent, str } from '../../../src/tracking/items';
import { A, videoKey } from '../../../src/tracking/table';
import { SA, STITCH_OUTBOX } from '../../../src/video/stitch/state';
import { DEFAULT_STITCH_SWEEP } from '../../../src/video/stitch/sweeper';
import { readRecord, submitVideo } from '../../support/stitch-frames';
import { NO_GRACE, OUTPUT_BUCKET, startStitchWorld, StitchCrashError, TABLE, type Pipeline, type StitchWorld } from '../../support/stitch-world';

const MINUTE = 60_000;

describe('stitch: the sweeper', function () {
  let world: StitchWorld;
  before(async () => (world = await startStitchWorld()));
  after(async () => world?.close());

  /** Segment deliveries for which `blocked` says so crash and are lost, as if Lambda dropped them. */
  function blockSegments(pipeline: Pipeline, blocked: (segment: number) => boolean): void {
    pipeline.invoker.bind((task) => (task.kind === 'segment' && blocked(task.segment) ? Promise.reject(new StitchCrashError('after-segment-put', task.videoId)) : pipeline.service.run(task)));
  }

  const item = (videoId: string) => getConsistent({ client: world.dynamo.client(), name: TABLE }, videoKey(videoId));

  it('waits out each grace period, then re-invokes lost segments, and rechecks video.json before clearing the outbox', async () => {
    let clock = Date.now();
    const pipeline = world.pipeline({ settings: { segmentFrames: 2, qp: 28 }, now: () => clock, lose: () => true });
    let blocked = true;
    blockSegments(pipeline, () => blocked);
    await submitVideo(world, pipeline, { videoId: 'sweep/lost', total: 4, width: 96, height: 64 });
    await pipeline.invoker.drain();
    assert.equal(pipeline.invoker.dropped.length, 2, 'both segment deliveries lost');
    const planId = str(await item('sweep/lost'), SA.planId)!;
    assert.equal(await pipeline.service.run({ kind: 'join', videoId: 'sweep/lost', planId }), 'not-ready');

    assert.deepEqual((await pipeline.service.sweep(DEFAULT_STITCH_SWEEP)).redriven, [], 'within the grace period');
    clock += 61 * MINUTE;
    blocked = false;
    assert.deepEqual((await pipeline.service.sweep(DEFAULT_STITCH_SWEEP)).redriven, [{ videoId: 'sweep/lost', state: STITCH_OUTBOX.segments }]);
    await pipeline.invoker.drain();
    assert.equal((await readRecord(world, 'sweep/lost')).edgeVideo.status, 'created');
    assert.equal(str(await item('sweep/lost'), A.outbox), STITCH_OUTBOX.recheck);

    const writes = world.records.get('sweep/lost/video.json')!.length;
    assert.deepEqual((await pipeline.service.sweep(DEFAULT_STITCH_SWEEP)).redriven, [], 'the recheck waits');
    clock += 21 * MINUTE;
    assert.deepEqual((await pipeline.service.sweep(DEFAULT_STITCH_SWEEP)).redriven, [{ videoId: 'sweep/lost', state: STITCH_OUTBOX.recheck }]);
    const bodies = world.records.get('sweep/lost/video.json')!;
    assert.equal(bodies.length, writes + 1, 'video.json written once more');
    assert.equal(new Set(bodies).size, 1, 'with the same bytes');
    assert.equal(str(await item('sweep/lost'), A.outbox), undefined);
  });

  it('refuses a stitch whose step was re-driven more than maxRedrives times, with the reason', async () => {
    const pipeline = world.pipeline({ settings: { segmentFrames: 2, qp: 28 }, lose: () => true });
    blockSegments(pipeline, (segment) => segment === 1);
    await submitVideo(world, pipeline, { videoId: 'sweep/never', total: 4, width: 96, height: 64 });
    const refused: string[] = [];
    for (let sweep = 0; sweep < 10 && refused.length === 0; sweep++) {
      await pipeline.invoker.drain();
      refused.push(...(await pipeline.service.sweep({ graceMs: NO_GRACE, maxRedrives: 3 })).refused);
    }
    assert.deepEqual(refused, ['sweep/never']);
    const record = await readRecord(world, 'sweep/never');
    assert.equal(record.edgeVideo.status, 'refused');
    assert.match(String(record.edgeVideo.reason), /gave up: its stitch-segments step was re-driven 3 times without finishing/);
    assert.equal(await world.s3.exists(OUTPUT_BUCKET, 'sweep/never/edges.mp4'), false);
    assert.deepEqual(await world.keysUnder('sweep/never/.stitch/'), [], 'segment 0 and the plan deleted');
  });
});
