// A stitched many-segment edge video in Debian's headless Chromium: it loads with the right size
// and duration, plays to the end, and seeking lands on the right frames, across segment
// boundaries and on a filled frame.
import { strict as assert } from 'node:assert';
import { launchVideoBrowser, type VideoBrowser } from '../../support/browser';
import { readFrameIndex } from '../../support/index-frames';
import { expectedShown, submitVideo } from '../../support/stitch-frames';
import { OUTPUT_BUCKET, settle, startStitchWorld, type StitchWorld } from '../../support/stitch-world';

describe('stitch: an edge video in headless Chromium', function () {
  let world: StitchWorld;
  let browser: VideoBrowser;
  before(async () => {
    [world, browser] = await Promise.all([startStitchWorld(), launchVideoBrowser()]);
  });
  after(async () => {
    await Promise.all([browser?.close(), world?.close()]);
  });

  it('plays 50 frames in 7 segments (the last of 2) to the end and seeks to the frames each position shows', async () => {
    const total = 50;
    const failed = [17];
    const pipeline = world.pipeline({ settings: { segmentFrames: 8, qp: 28 } });
    await submitVideo(world, pipeline, { videoId: 'chromium/50', total, width: 160, height: 96, failed, frameRate: 25 });
    await settle(pipeline);
    const mp4 = (await world.s3.get(OUTPUT_BUCKET, 'chromium/50/edges.mp4')).body;

    const page = await browser.open(mp4);
    const facts = await page.load();
    assert.deepEqual([facts.videoWidth, facts.videoHeight], [160, 96]);
    assert.ok(Math.abs(facts.duration - total / 25) < 1e-3, `duration ${facts.duration}`);
    const endedAt = await page.playToEnd(4, 20_000);
    assert.ok(Math.abs(endedAt - total / 25) < 1e-3, `ended at ${endedAt}`);

    const shown = expectedShown(total, failed);
    const positions = [0, 7, 8, 9, 17, 16, 31, 32, 48, 49, 3, 40];
    const seen: number[] = [];
    for (const position of positions) seen.push(readFrameIndex(await page.frameAt((position + 0.5) / 25), 160, 96, 4));
    assert.deepEqual(seen, positions.map((position) => shown[position]));
  });
});
