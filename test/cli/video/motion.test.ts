// The edge video shows exactly what the encoder meant, under any motion: real frames moving fast
// (a tilt of 50 px a frame, a diagonal pan of 45 px a frame, 960x540 windows of a 4K photograph)
// go through `frame-processor video` at the default QP, and every picture ffmpeg decodes equals
// the --dump-yuv picture of that frame, bit for bit. A slow pan is the control.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempFolder } from '../../support/cli';
import { decodeLuma, dumpPictures, movingFrames, PHOTO_4K, writeVideoFrames, type Motion } from '../../support/moving-frames';

/** 962x542 frames: 960x540 edge maps. */
const WIDTH = 962;
const HEIGHT = 542;
/** Two GOPs at 30 frames/s: drift grows until the IDR at frame 60, and must not survive it. */
const FRAMES = 66;

const SEQUENCES: Array<[string, Motion]> = [
  ['a slow pan (4 px right, 3 px down a frame)', { dx: 4, dy: 3 }],
  ['a fast tilt (50 px down a frame)', { dx: 0, dy: 50 }],
  ['a fast diagonal pan (45 px right and down a frame)', { dx: 45, dy: 45 }],
];

describe('frame-processor video: decoded pictures equal --dump-yuv under fast motion', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = tempFolder('fp-video-motion-')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [title, motion] of SEQUENCES) {
    it(`${title}: every frame ffmpeg decodes is the encoder's reconstruction`, async () => {
      const name = `${motion.dx}-${motion.dy}`;
      const frames = writeVideoFrames(join(dir, name), await movingFrames(PHOTO_4K, WIDTH, HEIGHT, FRAMES, motion));
      const out = join(dir, `${name}.mp4`);
      const dump = join(dir, `${name}.yuv`);
      const run = runCli(['video', frames, '--out', out, '--dump-yuv', dump], { timeoutMs: 100_000 });
      assert.equal(run.code, 0, run.stderr);

      const [width, height] = [WIDTH - 2, HEIGHT - 2];
      const decoded = decodeLuma(out, width, height);
      const dumped = dumpPictures(readFileSync(dump), width, height);
      assert.equal(decoded.length, FRAMES);
      assert.equal(dumped.length, FRAMES);
      // The IDR pictures (frames 0 and 60) use no reference: they must be exact whatever the motion,
      // so a difference elsewhere is drift in the P pictures, not a misplaced dump.
      for (const idr of [0, 60]) assert.ok(dumped[idr].equals(decoded[idr]), `IDR frame ${idr} differs`);
      const drift = dumped.map((picture, index) => ({ index, ...difference(picture, decoded[index]) })).filter((frame) => frame.pixels > 0);
      const worst = drift.reduce((a, b) => (b.pixels > a.pixels ? b : a), drift[0]);
      assert.equal(
        drift.length, 0,
        `${drift.length} of ${FRAMES} decoded frames differ from the encoder's reconstruction (first: frame ${drift[0]?.index}; ` +
          `worst: frame ${worst?.index}, ${((100 * (worst?.pixels ?? 0)) / (width * height)).toFixed(1)} % of the picture, by up to ${worst?.levels} levels)`,
      );
    });
  }
});

/** How many pixels differ and by how much at most. */
function difference(picture: Uint8Array, decoded: Uint8Array) {
  let pixels = 0;
  let levels = 0;
  for (let i = 0; i < picture.length; i++) {
    const d = Math.abs(picture[i] - decoded[i]);
    if (d > 0) pixels++;
    levels = Math.max(levels, d);
  }
  return { pixels, levels };
}
