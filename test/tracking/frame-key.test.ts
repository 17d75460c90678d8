import { strict as assert } from 'node:assert';
import { ConfigError } from '../../src/core/errors';
import { MAX_TOTAL_FRAMES, frameKeyRule, parseFrameKey } from '../../src/tracking/frame-key';

describe('tracking: parseFrameKey', () => {
  const tracked: [string, string, number][] = [
    ['video-1/frame.0000123.jpg', 'video-1', 123],
    ['video-1/frame.0000000.jpg', 'video-1', 0],
    ['a/b/c/clip.0000007.jpeg', 'a/b/c', 7],
    ['v/FRAME.0000042.JPG', 'v', 42],
    ['v/Frame.0000042.JpEg', 'v', 42],
    ['v/frame.12.jpg', 'v', 12],
    ['v/frame.9999999.jpg', 'v', 9_999_999],
    ['v/frame.10000000.jpg', 'v', 10_000_000],
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
    ['v/poster1.jpg', /not a frame name: frames are named as MediaConvert's <name>\.<index>\.jpg/],
    ['v/frame0000123.jpg', /not a frame name/],
    ['v/0000009.jpg', /not a frame name/],
    ['v/frame.jpg', /not a frame name/],
    ['v/.jpg', /not a frame name/],
    ['v/.0000001.jpg', /not a frame name/],
    ['v/frame.0000001', /not a \.jpg/],
    ['v/frame.0000001.png', /not a \.jpg/],
    ['v/frame.0000001.jpg.tmp', /not a \.jpg/],
    ['v/', /not a \.jpg/],
    ['v/frame.0000001.jpg/', /not a \.jpg/],
    ['v/frame.٣.jpg', /not a frame name/],
    ['v/frame.10000001.jpg', /over the maximum/],
    ['v/frame.99999999999999999999999.jpg', /over the maximum/],
    ['v#chunk#3/frame.0000001.jpg', /tracking item key/],
    ['v#group#3/frame.0000001.jpg', /tracking item key/],
    ['v#failure#3/frame.0000001.jpg', /tracking item key/],
    ['', /no folder/],
  ];
  for (const [key, reason] of untracked) {
    it(`${JSON.stringify(key)} is processed but not tracked (${reason.source})`, () => {
      const parsed = parseFrameKey(key);
      assert.equal(parsed.tracked, false);
      assert.match(parsed.tracked ? '' : parsed.reason, reason);
    });
  }

  it('the highest index is the largest total (a 1-based video of the maximum length ends there)', () => {
    const parsed = parseFrameKey(`v/f.${MAX_TOTAL_FRAMES}.jpg`);
    assert.equal(parsed.tracked && parsed.index, MAX_TOTAL_FRAMES);
  });

  it('FRAME_KEY_PATTERN: its first group (or the group named index) is the index; only .jpg/.jpeg still', () => {
    const ffmpeg = frameKeyRule('^frame(\\d+)\\.jpg$');
    assert.deepEqual(parseFrameKey('v/frame12.jpg', ffmpeg), { tracked: true, key: 'v/frame12.jpg', videoId: 'v', index: 12 });
    assert.deepEqual(parseFrameKey('v/FRAME0001.JPG', ffmpeg), { tracked: true, key: 'v/FRAME0001.JPG', videoId: 'v', index: 1 });
    assert.match((parseFrameKey('v/poster1.jpg', ffmpeg) as { reason: string }).reason, /not a frame name: frames are named as FRAME_KEY_PATTERN \^frame/);
    const named = frameKeyRule('^(cam)-(?<index>\\d+)\\.jpeg$');
    assert.equal((parseFrameKey('v/cam-7.jpeg', named) as { index: number }).index, 7);
    assert.equal(parseFrameKey('v/frame12.png', frameKeyRule('^frame(\\d+)')).tracked, false);
  });

  it('a FRAME_KEY_PATTERN that is no regular expression, or has no group, is a ConfigError naming it', () => {
    assert.throws(() => frameKeyRule('frame(\\d+'), (error: unknown) => error instanceof ConfigError && /FRAME_KEY_PATTERN.*not a regular expression/.test(error.message));
    assert.throws(() => frameKeyRule('^frame\\d+\\.jpg$'), (error: unknown) => error instanceof ConfigError && /no capture group/.test(error.message));
  });
});
