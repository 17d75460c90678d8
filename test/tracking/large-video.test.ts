// A 10,000-frame video through the accounting layer (production chunk size, 16 concurrent
// workers, shuffled frames, the total recorded halfway), counting the DynamoDB requests it costs.
import { strict as assert } from 'node:assert';
import { chunkCount, DEFAULT_CHUNK_SIZE } from '../../src/tracking/chunks';
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

  it('completes once, and costs one write per frame plus one per chunk, and almost no reads', async () => {
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
    const chunks = chunkCount(FRAMES, DEFAULT_CHUNK_SIZE);
    // Per frame: 1 chunk ADD. Per chunk: 1 promotion (2 at most, if the total's repair pass and the
    // chunk's last frame both saw it full). Per video: the total, the last chunk's Expected, the
    // completion, the outbox clear.
    const perVideo = 4;
    assert.ok(counts.writes >= FRAMES + chunks + perVideo, `writes ${counts.writes}`);
    assert.ok(counts.writes <= FRAMES + 2 * chunks + perVideo, `writes ${counts.writes}`);
    // The repair pass reads the chunks not yet promoted when the total came: one BatchGetItem.
    assert.ok(counts.reads <= 1, `reads ${counts.reads}`);
    assert.deepEqual(Object.keys(counts.byCommand).sort(), counts.reads ? ['BatchGetItemCommand', 'UpdateItemCommand'] : ['UpdateItemCommand']);
    console.log(
      `      ${FRAMES} frames, ${chunks} chunks: ${counts.writes} writes (${(counts.writes / FRAMES).toFixed(4)}/frame, ` +
        `${(counts.writeUnits / FRAMES).toFixed(4)} WCU/frame), ${counts.reads} reads (${(counts.readUnits / FRAMES).toFixed(4)} RCU/frame)`,
    );
  });
});
