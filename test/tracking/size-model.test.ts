// The size model: DynamoDB's documented size rules on literal items, the model of a video's writes
// checked against what dynalite reports for the same video (a real run of 10,000 frames), and the
// write units per frame at 10 thousand, 200 thousand and 10 million frames (the last only the
// model can reach; bench/tracking-scale.ts runs 200 thousand through dynalite), with the largest
// single write and the busiest item's rate at 30 fps.
import { strict as assert } from 'node:assert';
import { DEFAULT_CHUNK_SIZE, DEFAULT_GROUP_SIZE } from '../../src/tracking/chunks';
import { MAX_TOTAL_FRAMES } from '../../src/tracking/frame-key';
import { itemSize, modelVideo, numberSize, writeUnits } from '../../src/tracking/size-model';
import { frameKey, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

const LAYOUT = { chunkSize: DEFAULT_CHUNK_SIZE, groupSize: DEFAULT_GROUP_SIZE };

describe('tracking: the size model', function () {
  this.timeout(300_000);

  it('sizes items by the documented rules: UTF-8 names and strings, numbers by significant digits, maps, lists, sets', () => {
    assert.equal(itemSize({ VideoId: { S: 'cam' } }), 7 + 3);
    assert.equal(itemSize({ VideoId: { S: 'caméra' } }), 7 + 7, 'UTF-8 bytes, not characters');
    assert.deepEqual(['0', '7', '10', '127', '1764000000000', '1764000000123', '-12.50'].map(numberSize), [2, 2, 2, 3, 3, 8, 3]);
    assert.equal(itemSize({ M: { M: { a: { N: '1' } } } }), 1 + 3 + 1 + 1 + 2);
    assert.equal(itemSize({ L: { L: [{ BOOL: true }, { S: 'ab' }] } }), 1 + 3 + (1 + 1) + (1 + 2));
    assert.equal(itemSize({ F: { NS: ['0', '10', '127'] } }), 1 + (2 + 1) + (2 + 1) + (3 + 1));
    assert.deepEqual([writeUnits(0, 1), writeUnits(1024, 10), writeUnits(10, 1025)], [1, 1, 2]);
  });

  describe('against dynalite', () => {
    let world: TrackingWorld;
    before(async () => (world = await startTrackingWorld()));
    after(async () => world.close());

    it('a 4,000-frame video in order, its total first: the model counts every write and no fewer units than dynalite reports', async () => {
      const frames = 4_000;
      const videoId = 'model/4k';
      const tracker = world.tracker();
      world.counter.reset();
      await tracker.manifest(new TextEncoder().encode(JSON.stringify({ totalFrames: frames })), `${videoId}/capture.json`);
      for (let index = 0; index < frames; index++) await tracker.frameProcessed(frameKey(videoId, index));
      const measured = world.counter.counts();
      const model = modelVideo({ frames, videoId, ...LAYOUT });
      console.log(`      ${frames} frames: dynalite ${measured.writes} writes, ${(measured.writeUnits / frames).toFixed(4)} WCU/frame; model ${model.writes} writes, ${model.writeUnitsPerFrame.toFixed(4)} WCU/frame`);
      assert.ok(Math.abs(measured.writes - model.writes) <= 6, `writes: dynalite ${measured.writes}, model ${model.writes}`);
      assert.ok(model.writeUnits >= measured.writeUnits, `write units: dynalite ${measured.writeUnits}, model ${model.writeUnits}`);
    });
  });

  it('at 10 thousand, 200 thousand and 10 million frames: at most 1.05 write units per frame, no write over 8 units', () => {
    for (const frames of [10_000, 200_000, MAX_TOTAL_FRAMES]) {
      const model = modelVideo({ frames, videoId: 'cams/north-gate/2026-11-30', ...LAYOUT });
      console.log(
        `      ${frames} frames: ${model.writeUnitsPerFrame.toFixed(4)} WCU/frame, largest write ${model.largestWrite} WCU (item ${model.largestItemBytes} bytes), ` +
          `busiest item at 30 fps ${model.busiestItemUnitsPerSecond(30).toFixed(0)} WCU/s`,
      );
      assert.ok(model.writeUnitsPerFrame <= 1.05, `${frames} frames: ${model.writeUnitsPerFrame}`);
      assert.ok(model.largestWrite <= 8, `${frames} frames: a write of ${model.largestWrite} units`);
      // A partition serves 1,000 write units a second: a video at 30 fps uses 3% of its chunk's; the
      // video item, the largest, is written a few times per 16,384 frames.
      assert.ok(model.busiestItemUnitsPerSecond(30) <= 30);
    }
  });
});
