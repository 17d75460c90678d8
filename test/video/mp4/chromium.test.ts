import assert from 'node:assert/strict';
import { joinSegments } from '../../../src/video/join';
import { launchVideoBrowser, type VideoBrowser } from '../../support/browser';
import { readFrameIndex } from '../../support/index-frames';
import { startTestS3, type TestS3 } from '../../support/s3-server';
import { encodeSegments, putSegments, type SegmentsSpec } from '../../support/video-segments';

const BUCKET = 'processed-frames';

describe('joined MP4s in headless Chromium', () => {
  let s3: TestS3;
  let browser: VideoBrowser;
  before(async () => {
    [s3, browser] = await Promise.all([startTestS3([BUCKET]), launchVideoBrowser()]);
  });
  after(async () => {
    await Promise.all([browser?.close(), s3?.close()]);
  });

  /** Encodes and writes the segments, joins them, and returns the joined file's bytes. */
  async function joinedVideo(spec: SegmentsSpec): Promise<Uint8Array> {
    const segments = await encodeSegments(spec);
    await putSegments(s3.client, BUCKET, segments);
    const result = await joinSegments({ s3: s3.client, bucket: BUCKET, videoId: spec.videoId, segmentCount: segments.length });
    return (await s3.get(BUCKET, result.key)).body;
  }

  /**
   * Loads, plays to the end, then seeks to each frame and reads the index it shows. Seeks aim at
   * the middle of a frame's display interval: frame i's exact start time, i / fps, is not
   * representable in binary floating point, and rounding down lands on frame i - 1.
   */
  async function check(mp4: Uint8Array, fps: number, frames: number, seekTo: number[]) {
    const page = await browser.open(mp4);

    const facts = await page.load();
    assert.deepEqual([facts.videoWidth, facts.videoHeight], [160, 96]);
    assert.ok(Math.abs(facts.duration - frames / fps) < 1e-3, `duration ${facts.duration}, expected ${frames / fps}`);

    const endedAt = await page.playToEnd(4, 20_000);
    assert.ok(Math.abs(endedAt - frames / fps) < 1e-3, `ended at ${endedAt}`);

    const shown: number[] = [];
    for (const frame of seekTo) shown.push(readFrameIndex(await page.frameAt((frame + 0.5) / fps), 160, 96, 4));
    assert.deepEqual(shown, seekTo);
    assert.ok(browser.server.ranges.length > 0, 'the browser read the video with Range requests');
  }

  it('plays a one-segment join to the end and seeks to the right frames, keyframes or not', async () => {
    const mp4 = await joinedVideo({ videoId: 'chromium-one', width: 160, height: 96, frameCounts: [45], keyframeInterval: 15 });
    await check(mp4, 30, 45, [0, 1, 14, 15, 16, 29, 44, 22, 3, 30]);
  });

  it('plays a many-segment join (a single-frame segment included) at 25 fps and seeks across segment boundaries', async () => {
    const frameCounts = [10, 1, 14, 7, 8];
    const mp4 = await joinedVideo({ videoId: 'chromium-many', width: 160, height: 96, frameCounts, keyframeInterval: 5, frameRate: { numerator: 25, denominator: 1 } });
    await check(mp4, 25, 40, [9, 10, 11, 12, 24, 25, 31, 32, 39, 0, 18]);
  });
});
