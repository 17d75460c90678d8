// Whole videos through the real chain (frame accounting -> event -> planner -> segment workers
// -> join -> publication) against dynalite and s3rver, checked by ffprobe and ffmpeg: frame count,
// rate, order (each edge map shows its index), fills in the right places, keyframes at segment
// starts, joins of 1, 2 and many segments and a segment of one frame, odd sizes, PNG edge maps,
// and what video.json and the event say.
import { strict as assert } from 'node:assert';
import { getConsistent } from '../../../src/tracking/items';
import { A, videoKey } from '../../../src/tracking/table';
import { EDGE_VIDEO_CREATED } from '../../../src/video/stitch/publish';
import { decodeEdgeVideo, expectedShown, readRecord, shownIndexes, submitVideo, type VideoSpec } from '../../support/stitch-frames';
import { settle, startStitchWorld, TABLE, type StitchWorld } from '../../support/stitch-world';

describe('stitch: edge videos decoded by ffmpeg', function () {
  let world: StitchWorld;
  before(async () => (world = await startStitchWorld()));
  after(async () => world?.close());

  /** Submits the video, runs the stitch to rest, and checks what every video must satisfy. */
  async function stitch(spec: VideoSpec, segmentFrames: number) {
    const pipeline = world.pipeline({ settings: { segmentFrames, qp: 28 } });
    await submitVideo(world, pipeline, spec);
    await settle(pipeline, { videoId: spec.videoId });
    assert.deepEqual(pipeline.invoker.unexpected, []);
    const width = spec.width + (spec.width & 1);
    const height = spec.height + (spec.height & 1);
    const video = await decodeEdgeVideo(world, spec.videoId, width, height);
    const record = await readRecord(world, spec.videoId);
    const item = await getConsistent({ client: world.dynamo.client(), name: TABLE }, videoKey(spec.videoId));
    assert.equal(item?.[A.outbox], undefined, 'the outbox is clear');
    assert.deepEqual(await world.keysUnder(`${spec.videoId}/.stitch/`), [], 'work objects deleted');
    const events = world.events.filter((event) => event.detail.videoId === spec.videoId && event.detailType === EDGE_VIDEO_CREATED);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0].detail, record, 'the event carries the record');
    return { video, record, width, height, segments: Math.ceil(spec.total / segmentFrames) };
  }

  for (const [label, total, segmentFrames] of [
    ['one segment', 5, 300],
    ['two segments', 7, 4],
    ['a 12-frame video in 3 segments', 12, 4],
    ['many segments, the last of a single frame', 41, 4],
    ['one frame', 1, 4],
  ] as const) {
    it(`${label}: ${total} frames, ${segmentFrames} per segment, in order, IDR at each segment start`, async () => {
      const videoId = `joins/${total}-${segmentFrames}`;
      const { video, record, width, height, segments } = await stitch({ videoId, total, width: 96, height: 64 }, segmentFrames);
      assert.equal(video.probed.frameCount, total);
      assert.equal(video.probed.avgFrameRate, '30/1');
      assert.ok(Math.abs(video.probed.duration - total / 30) < 1e-6);
      assert.deepEqual(shownIndexes(video, width, height), expectedShown(total));
      const starts = Array.from({ length: segments }, (_, s) => s * segmentFrames);
      for (const start of starts) assert.ok(video.probed.keyframeTimes.some((t) => Math.abs(t - start / 30) < 1e-4), `keyframe at frame ${start}`);
      assert.deepEqual(
        { status: record.edgeVideo.status, frames: record.edgeVideo.frames, segments: record.edgeVideo.segments, bytes: record.edgeVideo.bytes, width: record.edgeVideo.width },
        { status: 'created', frames: total, segments, bytes: video.bytes.length, width: 96 },
      );
    });
  }

  it('fills failed frames with the previous edge map (the next for frame 0) and lists the fills', async () => {
    const failed = [0, 1, 5, 6, 11];
    const { video, record, width, height } = await stitch({ videoId: 'fills/12', total: 12, width: 96, height: 64, failed }, 4);
    assert.equal(video.probed.frameCount, 12);
    assert.deepEqual(shownIndexes(video, width, height), [2, 2, 2, 3, 4, 4, 4, 7, 8, 9, 10, 10]);
    assert.deepEqual(record.edgeVideo.fills, [{ index: 0, frame: 2 }, { index: 1, frame: 2 }, { index: 5, frame: 4 }, { index: 6, frame: 4 }, { index: 11, frame: 10 }]);
    assert.equal(record.edgeVideo.fillCount, 5);
    assert.equal(record.status, 'complete_with_failures');
    assert.equal(record.failedFrameCount, 5);
  });

  it('frame rates from the manifest: 25 and 29.97 frames/s', async () => {
    for (const [frameRate, expected] of [[25, '25/1'], [29.97, '30000/1001']] as const) {
      const { video, record } = await stitch({ videoId: `rate/${frameRate}`, total: 6, width: 96, height: 64, frameRate }, 4);
      assert.equal(video.probed.avgFrameRate, expected);
      assert.equal(record.edgeVideo.frameRate, frameRate);
      assert.ok(Math.abs(video.probed.duration - 6 / frameRate) < 1e-3, `duration ${video.probed.duration}`);
    }
  });

  it('odd sizes: a 161x97 edge map decodes as 162x98, the last column and row repeated', async () => {
    const { video, record, width, height } = await stitch({ videoId: 'odd/161x97', total: 5, width: 161, height: 97 }, 2);
    assert.deepEqual([video.probed.width, video.probed.height, width, height], [162, 98, 162, 98]);
    assert.deepEqual([record.edgeVideo.width, record.edgeVideo.height], [162, 98]);
    assert.deepEqual(shownIndexes(video, width, height), [0, 1, 2, 3, 4]);
    for (const frame of video.frames) {
      for (let y = 0; y < height; y += 7) assert.ok(Math.abs(frame[y * width + 161] - frame[y * width + 160]) <= 2, `row ${y}: the padding column repeats the last`);
    }
  });

  it('PNG edge maps', async () => {
    const { video, width, height } = await stitch({ videoId: 'png/8', total: 8, width: 128, height: 72, format: 'png', failed: [3] }, 3);
    assert.deepEqual(shownIndexes(video, width, height), [0, 1, 2, 2, 4, 5, 6, 7]);
  });

  it('a 4K video (3 frames, 3838x2158 edge maps)', async () => {
    const { video, record, width, height } = await stitch({ videoId: '4k/3', total: 3, width: 3838, height: 2158 }, 2);
    assert.deepEqual([video.probed.width, video.probed.height], [3838, 2158]);
    assert.equal(video.probed.frameCount, 3);
    assert.deepEqual(shownIndexes(video, width, height), [0, 1, 2]);
    assert.equal(record.edgeVideo.codec, 'avc1.42c033');
  });
});
