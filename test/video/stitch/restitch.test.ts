// A correction after completion is stitched again: a frame that failed (and was filled with its
// neighbour's edge map) is replayed and processed; the record's version 2 is published ("Video
// Frames Updated"), the planner plans that version, and edges.mp4 shows the frame's own edge map.
// Whether the replay comes after the stitch or while it runs, the new stitch waits for the old.
import { strict as assert } from 'node:assert';
import { getConsistent } from '../../../src/tracking/items';
import { A, videoKey } from '../../../src/tracking/table';
import { EDGE_VIDEO_CREATED } from '../../../src/video/stitch/publish';
import { decodeEdgeVideo, edgeMapFile, expectedShown, readRecord, shownIndexes, submitVideo } from '../../support/stitch-frames';
import { indexFrame } from '../../support/index-frames';
import { OUTPUT_BUCKET, settle, startStitchWorld, TABLE, type StitchWorld } from '../../support/stitch-world';
import { frameKey } from '../../support/tracking-world';

describe('stitch: stitched again after a correction', function () {
  let world: StitchWorld;
  before(async () => (world = await startStitchWorld()));
  after(async () => world?.close());

  for (const when of ['after the stitch', 'while the stitch runs'] as const) {
    it(`a failed frame replayed ${when}: version 2 stitched without the fill`, async () => {
      const videoId = `restitch/${when.replaceAll(' ', '-')}`;
      const pipeline = world.pipeline({ settings: { segmentFrames: 3, qp: 28 } });
      await submitVideo(world, pipeline, { videoId, total: 6, width: 96, height: 64, failed: [2] });
      if (when === 'after the stitch') await settle(pipeline, { videoId });
      // The replayed frame's edge map is written, then the frame is recorded, as the frame function does.
      await world.s3.put(OUTPUT_BUCKET, frameKey(videoId, 2), edgeMapFile(indexFrame(96, 64, 2), 96, 64, 'jpeg'), 'image/jpeg');
      await pipeline.tracker.frameProcessed(frameKey(videoId, 2));
      await settle(pipeline, { videoId });

      const record = await readRecord(world, videoId);
      assert.deepEqual([record.version, record.status, record.processedFrames, record.edgeVideo.status, record.edgeVideo.fillCount], [2, 'complete', 6, 'created', 0]);
      const video = await decodeEdgeVideo(world, videoId, 96, 64);
      assert.deepEqual(shownIndexes(video, 96, 64), expectedShown(6));
      const created = world.events.filter((event) => event.detail.videoId === videoId && event.detailType === EDGE_VIDEO_CREATED);
      assert.deepEqual(created.map((event) => event.detail.version), [1, 2], 'one edge video per version');
      assert.deepEqual(created[created.length - 1].detail, record);
      const updated = world.events.filter((event) => event.detail.videoId === videoId && event.detailType === 'Video Frames Updated');
      assert.equal(updated.length, 1);
      const item = await getConsistent({ client: world.dynamo.client(), name: TABLE }, videoKey(videoId));
      assert.equal(item?.[A.outbox], undefined, 'the outbox is clear');
      assert.deepEqual(await world.keysUnder(`${videoId}/.stitch/`), []);
    });
  }
});
