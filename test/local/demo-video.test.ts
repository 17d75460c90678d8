// The demo video npm start uploads: at least 2 s at 30 frames/s, the same bytes every run, and a
// pan (each frame is the previous one moved by the step), made from the sample photo.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readJpegHeader } from '../../src/jpeg/header';
import { DEMO_PHOTO, DEMO_VIDEO, demoFrameKey, demoVideoFrames } from '../../src/local/demo-video';
import { decodeEdgeMap } from '../../src/video/stitch/edge-maps';

/** Mean absolute difference of frame b against frame a moved by (dx, dy), over the part both show. */
function meanDifference(a: Uint8Array, b: Uint8Array, width: number, height: number, dx: number, dy: number): number {
  let sum = 0;
  let count = 0;
  for (let y = Math.max(0, -dy); y < Math.min(height, height - dy); y++) {
    for (let x = Math.max(0, -dx); x < Math.min(width, width - dx); x++) {
      sum += Math.abs(a[(y + dy) * width + x + dx] - b[y * width + x]);
      count++;
    }
  }
  return sum / count;
}

describe('local stack: the demo video', () => {
  let photo: Buffer;
  before(async () => {
    photo = await readFile(DEMO_PHOTO);
  });

  it('is at least 2 s at 30 frames/s of 640x360 greyscale JPEGs, named as a capture job names them', () => {
    const frames = demoVideoFrames(photo);

    assert.ok(frames.length >= 60 && frames.length === DEMO_VIDEO.frames && DEMO_VIDEO.frameRate === 30);
    for (const frame of frames) {
      const header = readJpegHeader(frame);
      assert.deepEqual([header.width, header.height, header.components], [640, 360, 1]);
    }
    assert.equal(demoFrameKey(DEMO_VIDEO, 7), 'demo-pan/frame.0000007.jpg');
  });

  it('is the same bytes on every run', () => {
    const digest = (frames: Uint8Array[]) => frames.map((frame) => createHash('sha256').update(frame).digest('hex'));

    assert.deepEqual(digest(demoVideoFrames(photo)), digest(demoVideoFrames(photo)));
  });

  it('pans: each frame shows the previous one moved by the step (4 px left, 1 px down), not a still', () => {
    const frames = demoVideoFrames(photo);
    const { width, height, step } = DEMO_VIDEO;

    for (const index of [0, 35, 70]) {
      const a = decodeEdgeMap(frames[index], 'a').plane;
      const b = decodeEdgeMap(frames[index + 1], 'b').plane;
      const moved = meanDifference(a, b, width, height, step.x, step.y);
      const still = meanDifference(a, b, width, height, 0, 0);
      assert.ok(moved < 2 && still > 4 * moved, `frame ${index}: ${moved.toFixed(2)} moved, ${still.toFixed(2)} still`);
    }
  });

  it('refuses a window that leaves the photo', () => {
    assert.throws(() => demoVideoFrames(photo, { ...DEMO_VIDEO, frames: 400 }), /window at .* leaves the 1280x720 photo/);
  });
});
