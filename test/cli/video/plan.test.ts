// The pure parts of `frame-processor video`: which file is which frame (the functions' naming
// rules), how the video is cut into parts for the encoding threads (the stitch's segments, cut at
// the encoder's own IDR pictures).
import assert from 'node:assert/strict';
import { indexFrames } from '../../../src/cli/video/frame-index';
import { keyframeIntervalFor, videoParts } from '../../../src/cli/video/parts';
import { MAX_TOTAL_FRAMES } from '../../../src/tracking/frame-key';
import { createH264Encoder } from '../../../src/video/h264';
import type { WasmH264Encoder } from '../../../src/video/h264/encoder';

const ranges = (parts: ReturnType<typeof videoParts>) => parts.map((part) => [part.first, part.end]);

describe('frame-processor video: parts', () => {
  it('uses the encoder\'s own distance between IDR pictures at every frame rate', () => {
    for (const frameRate of [0.2, 1, 5, 12.5, 23.976, 24, 25, 29.97, 30, 60, 300]) {
      const encoder = createH264Encoder({ width: 16, height: 16, frameRate }) as WasmH264Encoder;
      assert.equal(keyframeIntervalFor(frameRate), encoder.keyframeInterval, `${frameRate} frames/s`);
      encoder.close();
    }
  });

  it('cuts the stitch\'s 300-frame segments at every IDR: 2 s of frames from each segment\'s start', () => {
    assert.deepEqual(ranges(videoParts(72, 60)), [[0, 60], [60, 72]]);
    assert.deepEqual(ranges(videoParts(700, 60)).slice(4, 7), [[240, 300], [300, 360], [360, 420]]);
    assert.deepEqual(ranges(videoParts(700, 60)).at(-1), [660, 700]);
    // 24 frames/s: IDRs every 48 frames, and again where each segment starts
    assert.deepEqual(ranges(videoParts(400, 48)).slice(5, 9), [[240, 288], [288, 300], [300, 348], [348, 396]]);
    assert.deepEqual(videoParts(1, 60), [{ part: 0, first: 0, end: 1 }]);
    assert.deepEqual(videoParts(0, 60), []);
  });

  it('numbers the parts in order, covering every frame once', () => {
    const parts = videoParts(12_345, 50);
    parts.forEach((part, i) => {
      assert.equal(part.part, i);
      assert.equal(part.first, i === 0 ? 0 : parts[i - 1].end);
      assert.ok(part.end > part.first && part.end - part.first <= 50);
    });
    assert.equal(parts.at(-1)!.end, 12_345);
  });
});

describe('frame-processor video: which file is which frame', () => {
  it('orders frames by the index in their names, not by name; a gap is a frame with no file', () => {
    const frames = indexFrames(['a.0000002.jpg', 'b.0000000.JPEG', 'c.0000003.jpeg'], false);
    assert.deepEqual(frames.names, ['b.0000000.JPEG', undefined, 'a.0000002.jpg', 'c.0000003.jpeg']);
    assert.equal(frames.total, 4);
  });

  it('leaves out, counting them, JPEGs with no index or an index past capture.json\'s total; other files silently', () => {
    const frames = indexFrames(['capture.json', 'notes.txt', 'poster.jpg', 'x.0000001.jpg', 'x.0000009.jpg', 'x.0000002.png'], false, 5);
    assert.deepEqual(frames.names, [undefined, 'x.0000001.jpg', undefined, undefined, undefined]);
    assert.equal(frames.total, 5);
    assert.deepEqual(frames.ignored, { count: 2, examples: ['poster.jpg', 'x.0000009.jpg'] });
  });

  it('refuses an index the tracking refuses (over its maximum total) instead of making a video that long', () => {
    const frames = indexFrames([`x.${MAX_TOTAL_FRAMES + 1}.jpg`, 'x.0.jpg', 'x.1.jpg'], false);
    assert.equal(frames.total, 2);
    assert.equal(frames.ignored.count, 1);
  });

  it('numbers from 1 as tracking does: no frame 0 and an index equal to the total, or no total and 1 the lowest', () => {
    const counted = indexFrames(['f.0000001.jpg', 'f.0000002.jpg', 'f.0000003.jpg'], false, 3);
    assert.deepEqual([counted.base, counted.names], [1, ['f.0000001.jpg', 'f.0000002.jpg', 'f.0000003.jpg']]);
    const uncounted = indexFrames(['f.0000001.jpg', 'f.0000003.jpg'], false);
    assert.deepEqual([uncounted.base, uncounted.names], [1, ['f.0000001.jpg', undefined, 'f.0000003.jpg']]);
    const lostFirstTwo = indexFrames(['f.0000002.jpg', 'f.0000003.jpg'], false);
    assert.deepEqual([lostFirstTwo.base, lostFirstTwo.names], [0, [undefined, undefined, 'f.0000002.jpg', 'f.0000003.jpg']]);
    const fromZero = indexFrames(['f.0000000.jpg', 'f.0000003.jpg'], false, 3);
    assert.deepEqual([fromZero.base, fromZero.names, fromZero.ignored.count], [0, ['f.0000000.jpg', undefined, undefined], 1]);
    const gapAtZero = indexFrames(['f.0000001.jpg', 'f.0000002.jpg'], false, 3);
    assert.deepEqual([gapAtZero.base, gapAtZero.names], [0, [undefined, 'f.0000001.jpg', 'f.0000002.jpg']]);
  });

  it('takes the first name of a frame named twice, as the stitch does, and says so', () => {
    const frames = indexFrames(['a.0000000.jpg', 'b.0000000.jpg', 'c.0000001.jpg'], false);
    assert.deepEqual(frames.names, ['a.0000000.jpg', 'c.0000001.jpg']);
    assert.deepEqual(frames.duplicates, { count: 1, examples: ['b.0000000.jpg (frame 0 is a.0000000.jpg)'] });
  });

  it('with --edge-maps, reads PNG too, by the stitch\'s rule', () => {
    const frames = indexFrames(['e.0000000.png', 'e.0000001.jpg', 'e.png'], true);
    assert.deepEqual(frames.names, ['e.0000000.png', 'e.0000001.jpg']);
    assert.deepEqual(frames.ignored, { count: 1, examples: ['e.png'] });
  });

  it('capture.json\'s total wins: frames past the last file are frames with no file', () => {
    assert.deepEqual(indexFrames(['f.0.jpg'], false, 3).names, ['f.0.jpg', undefined, undefined]);
  });
});
