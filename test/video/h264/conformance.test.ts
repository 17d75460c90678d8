// Decoder-exact under any motion: streams a decoder could trip over, each decoded by ffmpeg
// (`-err_detect explode`) and by OpenH264, every picture equal to the encoder's reconstruction.
// Fast motion in all eight directions up to 128 px per frame (P_Skip and predicted vectors
// reaching far past every picture edge), real edge maps moving fast, every size class from 16x16
// to 4K and past 2064 px wide (the horizontal vector limit), hard cuts, flat frames, noise, and
// seeded random sequences. Every stream also keeps to the macroblock limits of its level (at most
// 3200 bits each, vectors in range), read back from the stream.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { splitAnnexB } from '../../support/annexb';
import { EIGHT_DIRECTIONS, cameraPan, randomSequence, worldView } from '../../support/h264-content';
import { movingEdgeMaps } from '../../support/h264-edge-maps';
import { assertDecodesExactly, encodeRun, joinRuns, noisePlane, requireDecoders, type Run } from '../../support/h264-runs';
import { readPictures } from '../../support/h264-slice-reader';
import { seededRandom } from '../../support/images';

const PHOTO = join(__dirname, '..', '..', '..', 'samples', 'demo-video', 'frame.0000001.jpg');

/** One run per direction and speed at width x height, joined into one stream. */
function eightDirections(width: number, height: number, speeds: readonly number[], frames: number, qp: number): Run {
  const runs: Run[] = [];
  for (const speed of speeds) {
    for (const [dx, dy] of EIGHT_DIRECTIONS) {
      const seed = runs.length + 1;
      runs.push(encodeRun({ width, height, qp }, cameraPan(seed, width, height, frames, dx * speed, dy * speed, seed * 1000, seed * 700)));
    }
  }
  return joinRuns(runs);
}

describe('H.264 conformance: decoded exactly by ffmpeg and OpenH264', function () {
  this.timeout(600_000);
  before(requireDecoders);

  it('fast motion in all eight directions, 2.5 to 128 px per frame (fractions too), at 320x240 and the odd 319x241', () => {
    for (const [width, height] of [[320, 240], [319, 241]]) {
      assertDecodesExactly(eightDirections(width, height, [2.5, 17.25, 33.5, 45.75, 63.5, 128], 12, 28), `${width}x${height}`);
    }
  });

  it('the same at QP 12 and 40, where skips and intra choices differ', () => {
    for (const qp of [12, 40]) assertDecodesExactly(eightDirections(160, 96, [7.5, 50.25, 100], 10, qp), `160x96 at QP ${qp}`);
  });

  it('real edge maps moving fast in all eight directions (640x360, 45 px per frame)', async () => {
    const runs: Run[] = [];
    for (const [dx, dy] of EIGHT_DIRECTIONS) {
      const maps = await movingEdgeMaps(PHOTO, 642, 362, 10, dx * 45, dy * 45);
      runs.push(encodeRun({ width: 640, height: 360 }, maps.map((m) => m.plane)));
    }
    assertDecodesExactly(joinRuns(runs), 'real edge maps at 640x360');
  });

  it('real 1080p edge maps tilting 50 px per frame (a long tilt: skipped macroblocks reach far below the picture)', async () => {
    const maps = await movingEdgeMaps(PHOTO, 1920, 1080, 40, 0, 50);
    const run = encodeRun({ width: 1918, height: 1078 }, maps.map((m) => m.plane));
    assertDecodesExactly(run, 'real 1080p tilt');
  });

  it('every size class, 16x16 to 4K, odd sizes, and wider than 2064 px (the horizontal vector range)', () => {
    const sizes: [number, number, number][] = [
      [16, 16, 8], [18, 18, 8], [48, 16, 8], [16, 48, 8], [33, 47, 8], [175, 143, 8], [352, 288, 6], [641, 359, 5],
      [1280, 720, 3], [1918, 1078, 3], [2080, 48, 8], [4096, 64, 8], [64, 2304, 5], [3840, 2160, 3],
    ];
    for (const [width, height, frames] of sizes) {
      const speed = Math.max(3, Math.min(128, Math.round(Math.min(width, height) / 3)));
      const directions = width * height > 1_000_000 ? [[1, 1]] : [[1, 1], [-1, -1]];
      const runs = directions.map(([dx, dy], i) => encodeRun({ width, height, qp: 26 }, cameraPan(width + i, width, height, frames, dx * speed + 0.5, dy * speed)));
      assertDecodesExactly(joinRuns(runs), `${width}x${height}`);
    }
  });

  it('hard cuts, flat frames and noise inside a GOP, at QP 0 to 51', () => {
    for (const [width, height] of [[64, 48], [81, 47]]) {
      const runs = [0, 4, 16, 28, 40, 51].map((qp) => {
        const flat = (value: number) => new Uint8Array(width * height).fill(value);
        const planes = [worldView(qp, 0, 0, width, height), flat(0), flat(255), noisePlane(width, height, qp), worldView(qp + 1, 50, 50, width, height), flat(128), worldView(qp + 1, 60, 40, width, height)];
        return encodeRun({ width, height, qp }, planes);
      });
      assertDecodesExactly(joinRuns(runs), `cuts at ${width}x${height}`);
    }
  });

  it('every QP is legal: noise at QP 0 to 4 codes its costliest macroblocks as I_PCM, each within 3200 bits', () => {
    for (const qp of [0, 2, 4]) {
      const planes = [0, 1, 2].map((i) => noisePlane(176, 144, qp * 10 + i));
      const run = encodeRun({ width: 176, height: 144, qp }, planes);
      assertDecodesExactly(run, `noise at QP ${qp}`);
      const kinds = readPictures(splitAnnexB(run.stream)).flatMap((picture) => picture.macroblocks.map((mb) => mb.kind));
      assert.ok(kinds.filter((kind) => kind === 'I_PCM').length > kinds.length / 2, `noise at QP ${qp}: ${kinds.filter((kind) => kind === 'I_PCM').length} of ${kinds.length} macroblocks are I_PCM`);
      if (qp === 0) run.recons.forEach((recon, i) => assert.deepEqual(recon, planes[i], `noise at QP 0, frame ${i}: I_PCM everywhere is lossless`));
    }
  });

  it('seeded random sequences: random sizes, QPs, jumps, cuts, flat frames and noise', () => {
    const random = seededRandom(20260);
    for (let trial = 0; trial < 24; trial++) {
      const width = 1 + Math.floor(random() * 120), height = 1 + Math.floor(random() * 90), qp = Math.floor(random() * 52);
      const keyframeInterval = 2 + Math.floor(random() * 10);
      const run = encodeRun({ width, height, qp, keyframeInterval }, randomSequence(trial, width, height, 12));
      assert.equal(run.recons.length, 12);
      assertDecodesExactly(run, `trial ${trial}: ${width}x${height} at QP ${qp}, IDR every ${keyframeInterval}`);
    }
  });
});
