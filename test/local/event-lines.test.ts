// The one line the local stack prints per event: the frame accounting's, and the edge video's with
// where edges.mp4 is (its URL on the S3 server and its file under the data folder), or why not.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describeEvent, objectFile } from '../../src/local/event-lines';

const places = { s3Endpoint: 'http://127.0.0.1:4569', dataDir: '/data' };
const line = (detailType: string, detail: object) => JSON.stringify({ source: 'frame-processor', 'detail-type': detailType, detail });

describe('local stack: event lines', () => {
  it('a completed video: its status and counts', () => {
    const event = line('Video Frames Processed', { videoId: 'cam/1', status: 'complete_with_failures', processedFrames: 9, totalFrames: 10, failedFrameCount: 1 });

    assert.equal(describeEvent(event, places, 'out'), 'event Video Frames Processed: cam/1 complete_with_failures, 9 of 10 frames processed, 1 failed (video.json in the output bucket)');
  });

  it('an edge video: its size, segments and bytes, a URL to watch (each key part escaped) and the file s3rver keeps', () => {
    const edgeVideo = { status: 'created', key: 'cam 1/edges.mp4', frames: 72, durationSeconds: 2.4, width: 638, height: 358, segments: 3, bytes: 612_345 };
    const event = line('Edge Video Created', { videoId: 'cam 1', status: 'complete', edgeVideo });

    assert.deepEqual(describeEvent(event, places, 'out').split('\n'), [
      'event Edge Video Created: cam 1, 72 frames (2.4 s) 638x358 in 3 segments, 0.61 MB',
      '  watch: ffplay http://127.0.0.1:4569/out/cam%201/edges.mp4  (or open that URL in a browser)',
      `  file:  ${join('/data', 'out', 'cam 1', 'edges.mp4._S3rver_object')}`,
    ]);
    assert.equal(objectFile('/data', 'out', 'a/b/c.mp4'), join('/data', 'out', 'a', 'b', 'c.mp4._S3rver_object'));
  });

  it('no edge video: the outcome and the reason', () => {
    const edgeVideo = { status: 'refused', reason: 'the frames change size partway: frame 5 is 10x10, frame 0 is 20x20' };
    const event = line('Edge Video Not Created', { videoId: 'v', edgeVideo });

    assert.equal(describeEvent(event, places, 'out'), 'event Edge Video Not Created: v refused: the frames change size partway: frame 5 is 10x10, frame 0 is 20x20');
    assert.equal(describeEvent('{oops', places, 'out'), 'event (not JSON): {oops');
  });
});
