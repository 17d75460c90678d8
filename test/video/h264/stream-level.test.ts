// Within its level: busy streams of every size class, muxed as the stitch and the join mux them,
// signal a level whose limits hold the whole stream: frame size and macroblock rate (MaxFS,
// MaxMBPS), the bits of every second (MaxBR), the largest picture (MaxCPB) and MinCR. Checked by
// the test's own reading of Table A-1 and A.3.1 (test/support/h264-limits.ts).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DEFAULT_QP } from '../../../src/video/h264/encoder';
import { muxMp4 } from '../../../src/video/mp4/mux';
import { cameraPan } from '../../support/h264-content';
import { movingEdgeMaps } from '../../support/h264-edge-maps';
import { assertStreamWithinLevel } from '../../support/h264-limits';
import { encodeRun, noisePlane } from '../../support/h264-runs';
import { avcConfigOf } from '../../support/mp4-boxes';

const PHOTO = join(__dirname, '..', '..', '..', 'samples', 'demo-video', 'frame.0000001.jpg');

/** Muxes the planes' stream at 30 frames/s, checks its signalled level holds it, and returns the encoder's level and the MP4's. */
function muxedLevel(label: string, width: number, height: number, qp: number, planes: Iterable<Uint8Array>): { encoder: number; signalled: number } {
  const run = encodeRun({ width, height, qp }, planes);
  const { bytes } = muxMp4({ parameterSets: run.encoder.parameterSets, frameRate: { numerator: 30, denominator: 1 } }, run.frames);
  const signalled = avcConfigOf(bytes).levelIdc;
  assertStreamWithinLevel({ levelIdc: signalled, widthInMbs: Math.ceil(width / 16), heightInMbs: Math.ceil(height / 16), frameRate: 30, pictureBytes: run.frames.map((f) => f.data.length) }, label);
  return { encoder: run.encoder.levelIdc, signalled };
}

describe('H.264 streams within their signalled level', function () {
  this.timeout(300_000);

  it("small, busy videos: real 318x178 edge maps at the default QP, over level 1.3's bit rate, signal the level they need", async () => {
    const maps = await movingEdgeMaps(PHOTO, 320, 180, 45, 3, 2);
    const { encoder, signalled } = muxedLevel('318x178 edge maps', 318, 178, DEFAULT_QP, maps.map((m) => m.plane));
    assert.equal(encoder, 13);
    assert.ok(signalled > encoder, `level ${signalled}`);
  });

  it('noise at QP 0 (I_PCM everywhere) at 16x16 and 176x144', () => {
    for (const [width, height] of [[16, 16], [176, 144]]) {
      const { encoder, signalled } = muxedLevel(`${width}x${height} noise`, width, height, 0, Array.from({ length: 40 }, (_, i) => noisePlane(width, height, i)));
      assert.ok(signalled > encoder, `${width}x${height}: level ${signalled}`);
    }
  });

  it('every size class: moving worlds at QP 12, 640x360 to 4K', () => {
    for (const [width, height, frames] of [[640, 360, 40], [1280, 720, 12], [3840, 2160, 3]]) {
      muxedLevel(`${width}x${height}`, width, height, 12, cameraPan(width, width, height, frames, 9.5, 4));
    }
  });

  it("unblurred real 1080p edge maps at the default QP (over level 4's bit rate)", async () => {
    const maps = await movingEdgeMaps(PHOTO, 1920, 1080, 32, 6, 3, 0);
    const { encoder, signalled } = muxedLevel('unblurred 1918x1078 edge maps', 1918, 1078, DEFAULT_QP, maps.map((m) => m.plane));
    assert.equal(encoder, 40);
    assert.ok(signalled > 40, `level ${signalled}`);
  });
});
