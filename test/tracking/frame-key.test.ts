import { strict as assert } from 'node:assert';
import { MAX_TOTAL_FRAMES, parseFrameKey } from '../../src/tracking/frame-key';

describe('tracking: parseFrameKey', () => {
  const tracked: [string, string, number][] = [
    ['video-1/frame.0000123.jpg', 'video-1', 123],
    ['video-1/frame.0000000.jpg', 'video-1', 0],
    ['a/b/c/clip.0000007.jpeg', 'a/b/c', 7],
    ['v/FRAME.0000042.JPG', 'v', 42],
    ['v/Frame.0000042.JpEg', 'v', 42],
    ['v/0000009.jpg', 'v', 9],
    ['v/frame0000123.jpg', 'v', 123],
    ['v/frame.12.jpg', 'v', 12],
    ['v/frame.9999999.jpg', 'v', 9_999_999],
    ['v/take.2.frame.0000005.jpg', 'v', 5],
    ['v/frame 1.0000003.jpg', 'v', 3],
    ['v//frame.0000003.jpg', 'v/', 3],
    ['caméra/frame.0000011.jpg', 'caméra', 11],
    ['v#chunk/frame.0000001.jpg', 'v#chunk', 1],
    ['v#chunk#x/frame.0000001.jpg', 'v#chunk#x', 1],
  ];
  for (const [key, videoId, index] of tracked) {
    it(`${JSON.stringify(key)} -> video ${JSON.stringify(videoId)}, index ${index}`, () => {
      assert.deepEqual(parseFrameKey(key), { tracked: true, key, videoId, index });
    });
  }

  const untracked: [string, RegExp][] = [
    ['frame.0000001.jpg', /no folder/],
    ['/frame.0000001.jpg', /empty video id/],
    ['v/frame.jpg', /no frame index/],
    ['v/.jpg', /no frame index/],
    ['v/frame.0000001', /not a \.jpg/],
    ['v/frame.0000001.png', /not a \.jpg/],
    ['v/frame.0000001.jpg.tmp', /not a \.jpg/],
    ['v/', /not a \.jpg/],
    ['v/frame.0000001.jpg/', /not a \.jpg/],
    ['v/frame.٣.jpg', /no frame index/],
    ['v/frame.10000000.jpg', /over the maximum/],
    ['v/frame.99999999999999999999999.jpg', /over the maximum/],
    ['v#chunk#3/frame.0000001.jpg', /chunk key/],
    ['', /no folder/],
  ];
  for (const [key, reason] of untracked) {
    it(`${JSON.stringify(key)} is processed but not tracked (${reason.source})`, () => {
      const parsed = parseFrameKey(key);
      assert.equal(parsed.tracked, false);
      assert.match(parsed.tracked ? '' : parsed.reason, reason);
    });
  }

  it('the highest index is one below the largest total', () => {
    const parsed = parseFrameKey(`v/f.${MAX_TOTAL_FRAMES - 1}.jpg`);
    assert.equal(parsed.tracked && parsed.index, MAX_TOTAL_FRAMES - 1);
  });
});
