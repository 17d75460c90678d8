// A 10,000-frame video through the accounting layer (production chunk and group sizes, 16
// concurrent workers, shuffled frames, the total recorded halfway), counting the DynamoDB requests
// it costs and the write units dynalite reports (by item size, the larger of before and after).
import { strict as assert } from 'node:assert';
import { DEFAULT_CHUNK_SIZE } from '../../src/tracking/chunks';
import { seededRandom } from '../support/images';
import { frameKey, shuffled, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

const FRAMES = 10_000;
const WORKERS = 16;

describe('tracking: a 10,000-frame video', function () {
  // About 10,100 requests to dynalite: tens of seconds on a busy 2-core machine.
  this.timeout(300_000);
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  it('completes once, and costs one write per frame plus three per chunk, about 1.02 write units per frame, and almost no reads', async () => {
    const videoId = 'long/take-1';
    const tracker = world.tracker();
    const order = shuffled(Array.from({ length: FRAMES }, (_, i) => i), seededRandom(10_000));
    const manifest = new TextEncoder().encode(JSON.stringify({ totalFrames: FRAMES, frameRate: 30 }));
    world.counter.reset();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < FRAMES) {
        const position = next++;
        await tracker.frameProcessed(frameKey(videoId, order[position]));
        if (position === FRAMES / 2) await tracker.manifest(manifest, `${videoId}/capture.json`);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    const counts = world.counter.counts();

    const events = await world.events(videoId);
    assert.equal(events.length, 1);
    assert.equal(events[0].detail.processedFrames, FRAMES);
    const chunks = Math.ceil(FRAMES / DEFAULT_CHUNK_SIZE);
    // Per frame: 1 chunk ADD. Per chunk: its registration in its group and the mark that it is
    // registered (a few more when frames of a new chunk race), 1 promotion (2 if the total's
    // repair pass and the chunk's last frame both saw it whole). Per video: a few dozen (the
    // group's registration, frame 0's flag, the total, its base, bounds and repair, completion,
    // publication).
    assert.ok(counts.writes >= FRAMES + 3 * chunks, `writes ${counts.writes}`);
    assert.ok(counts.writes <= FRAMES + 5 * chunks + 40, `writes ${counts.writes}`);
    assert.ok(counts.writeUnits / FRAMES <= 1.05, `write units per frame ${counts.writeUnits / FRAMES}`);
    // The repair pass reads the group and its registered chunks not yet promoted when the total came.
    assert.ok(counts.reads <= 4, `reads ${counts.reads}`);
    console.log(
      `      ${FRAMES} frames, ${chunks} chunks: ${counts.writes} writes (${(counts.writes / FRAMES).toFixed(4)}/frame, ` +
        `${(counts.writeUnits / FRAMES).toFixed(4)} WCU/frame), ${counts.reads} reads (${(counts.readUnits / FRAMES).toFixed(4)} RCU/frame)`,
    );
  });
});
