// Frames numbered from 0 or from 1, decided from what arrives and recorded; indices outside the
// range reported in the record, never counted; an undecided numbering said so.
import { strict as assert } from 'node:assert';
import { frameKey, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

const manifest = (totalFrames: number) => new TextEncoder().encode(JSON.stringify({ totalFrames }));
/** Small chunks and groups: edge chunks and edge groups at both ends. */
const LAYOUT = { chunkSize: 3, groupSize: 2 };

describe('tracking: frame numbering', function () {
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  async function run(videoId: string, indices: number[], total: number, totalAt: number) {
    const tracker = world.tracker(LAYOUT);
    for (let i = 0; i <= indices.length; i++) {
      if (i === totalAt) await tracker.manifest(manifest(total), `${videoId}/capture.json`);
      if (i < indices.length) await tracker.frameProcessed(frameKey(videoId, indices[i]));
    }
    return tracker;
  }

  for (const total of [1, 5, 6, 7, 12, 13]) {
    for (const [where, at] of [['first', 0], ['last', total]] as const) {
      it(`frames 1..${total} with the total ${where}: complete, numbered from 1, and why`, async () => {
        const videoId = `one-based/${total}/${where}`;
        const indices = Array.from({ length: total }, (_, i) => total - i);
        await run(videoId, indices, total, at);
        const events = await world.events(videoId);
        assert.equal(events.length, 1);
        const { detail } = events[0];
        assert.deepEqual([detail.processedFrames, detail.firstFrameIndex, detail.firstFrameIndexFrom], [total, 1, `frame ${total} arrived with a total of ${total} and no frame 0`]);
      });
    }
  }

  it('frames 0..12 numbered from 0, over several groups: complete', async () => {
    await run('zero-based/13', Array.from({ length: 13 }, (_, i) => (i * 5) % 13), 13, 6);
    const [event] = await world.events('zero-based/13');
    assert.deepEqual([event.detail.processedFrames, event.detail.firstFrameIndex, event.detail.firstFrameIndexFrom], [13, 0, 'frame 0 arrived']);
  });

  it('frames past the total are reported as ranges, never counted', async () => {
    await run('past/0', [7, 0, 1, 3, 2, 4, 5, 11], 4, 8);
    const [event] = await world.events('past/0');
    assert.deepEqual([event.detail.totalFrames, event.detail.processedFrames], [4, 4]);
    assert.deepEqual(event.detail.outOfRange, { count: 4, ranges: ['4-5', '7', '11'], truncated: false });
  });

  it('a frame 0 after the numbering was decided from 1 is out of range', async () => {
    await run('past/1', [1, 2, 3], 3, 3);
    const tracker = world.tracker(LAYOUT);
    await tracker.frameProcessed(frameKey('past/1', 0));
    const [event] = await world.events('past/1');
    assert.deepEqual([event.detail.firstFrameIndex, event.detail.processedFrames], [1, 3]);
    // Completed before frame 0 arrived: the record keeps its count; a recount (a correction) would show it.
    assert.deepEqual(event.detail.outOfRange, { count: 0, ranges: [], truncated: false });
  });

  it('neither frame 0 nor frame T: waiting for the numbering, and status says which frames would decide it', async () => {
    const tracker = await run('undecided', [1, 2, 3], 5, 0);
    const status = await tracker.status('undecided');
    assert.equal(status.state, 'waiting-for-numbering');
    assert.equal(status.processedFrames, 3);
    await tracker.frameProcessed(frameKey('undecided', 0));
    await tracker.frameProcessed(frameKey('undecided', 4));
    const [event] = await world.events('undecided');
    assert.deepEqual([event.detail.firstFrameIndex, event.detail.processedFrames], [0, 5]);
  });
});
