// The decisive check: streams from the encoder, decoded by the real ffmpeg and by OpenH264, give
// back exactly the encoder's own reconstruction (luma byte for byte, chroma all 128), on literal,
// edge-size, noisy and real frames, still and moving; at the default QP real edge maps keep
// PSNR-Y >= 30 dB. (conformance.test.ts adds fast motion, cuts and every size class.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_QP } from '../../../src/video/h264/encoder';
import { decodeH264, decodeH264Gray, probeH264, psnr } from '../../support/ffmpeg-h264';
import { edgeMapOf, panningEdgeMaps, type EdgeMap } from '../../support/h264-edge-maps';
import { assertDecodesExactly, encodeRun, joinRuns, noisePlane, requireDecoders, smoothPlane } from '../../support/h264-runs';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURE_FRAMES = ['fig-160x90.jpg', 'hills-480x270.jpg', 'picos-257x145.jpg', 'stream-320x180.jpg'].map((f) => join(ROOT, 'test', 'fixtures', 'frames', f));

describe('H.264 encoder decoded by ffmpeg and OpenH264', function () {
  this.timeout(120_000);
  before(requireDecoders);

  it('tiny literal frames: a 16x16 ramp, then the ramp moved, then black', () => {
    const ramp = Uint8Array.from({ length: 256 }, (_, i) => (i % 16) * 16 + (i >> 4));
    const moved = Uint8Array.from({ length: 256 }, (_, i) => ((i + 1) % 16) * 16 + (i >> 4));
    const run = encodeRun({ width: 16, height: 16, qp: 20 }, [ramp, moved, new Uint8Array(256)]);
    assertDecodesExactly(run, '16x16');
    assert.deepEqual(run.frames.map((f) => f.keyframe), [true, false, false]);
  });

  it('edge sizes 1x1, 2x2, 15x17, 17x15, 31x1, 1x31, 33x47 at QP 0, 26 and 51', () => {
    for (const [width, height] of [[1, 1], [2, 2], [15, 17], [17, 15], [31, 1], [1, 31], [33, 47]]) {
      const runs = [0, 26, 51].map((qp) => encodeRun({ width, height, qp }, [0, 1, 2].map((i) => smoothPlane(width, height, width * 100 + height + qp, i))));
      assert.deepEqual([runs[0].encoder.width, runs[0].encoder.height], [width + (width & 1), height + (height & 1)]);
      assertDecodesExactly(joinRuns(runs), `${width}x${height} at QP 0, 26, 51`);
    }
  });

  it('odd sizes keep every input pixel: the extra column and row repeat the last ones', () => {
    const plane = smoothPlane(15, 17, 7);
    const run = encodeRun({ width: 15, height: 17, qp: 0 }, [plane]);
    const [picture] = decodeH264(run.stream, 16, 18);
    assert.ok(psnr(plane, 15, 17, picture.y, 16) > 45);
    // Coded independently, so equal up to QP 0's rounding.
    for (let y = 0; y < 17; y++) assert.ok(Math.abs(picture.y[y * 16 + 15] - picture.y[y * 16 + 14]) <= 2, `row ${y}`);
    for (let x = 0; x < 16; x++) assert.ok(Math.abs(picture.y[17 * 16 + x] - picture.y[16 * 16 + x]) <= 2, `column ${x}`);
  });

  it('seeded random noise, I and P frames, from QP 0 (the largest levels) to 51', () => {
    const runs = [0, 6, 12, 20, 30, 40, 51].map((qp) => encodeRun({ width: 64, height: 48, qp }, [0, 1, 2].map((i) => noisePlane(64, 48, qp * 10 + i))));
    assertDecodesExactly(joinRuns(runs), 'noise at QP 0, 6, 12, 20, 30, 40, 51');
  });

  it('real edge maps (the test fixtures, one of odd size): exact, and >= 30 dB at the default QP', () => {
    for (const file of FIXTURE_FRAMES) {
      const map = edgeMapOf(readFileSync(file));
      const run = encodeRun({ width: map.width, height: map.height }, [map.plane, map.plane]);
      assertDecodesExactly(run, file);
      for (const recon of run.recons) assert.ok(psnr(map.plane, map.width, map.height, recon, run.encoder.width) >= 30, file);
    }
  });

  it('a moving sequence with P frames: exact, IDR every keyframeInterval, >= 30 dB per frame at the default QP', async () => {
    const maps = await panningEdgeMaps(join(ROOT, 'samples', 'demo-video', 'frame.0000000.jpg'), 642, 362, 12);
    const run = encodeRun({ width: 640, height: 360, keyframeInterval: 5 }, maps.map((m) => m.plane));
    assertDecodesExactly(run, 'pan 640x360');
    const probe = probeH264(run.stream);
    assert.deepEqual(probe.pictTypes, ['I', 'P', 'P', 'P', 'P', 'I', 'P', 'P', 'P', 'P', 'I', 'P']);
    assert.deepEqual(probe.keyFrames, probe.pictTypes.map((t) => t === 'I'));
    const interBytes = run.frames.filter((f) => !f.keyframe).reduce((sum, f) => sum + f.data.length, 0) / 9;
    const intraBytes = run.frames.filter((f) => f.keyframe).reduce((sum, f) => sum + f.data.length, 0) / 3;
    assert.ok(interBytes < intraBytes * 0.8, `P frames (${interBytes} B) should be smaller than IDR frames (${intraBytes} B)`);
    run.recons.forEach((recon, i) => assert.ok(psnr(maps[i].plane, 640, 360, recon, 640) >= 30, `frame ${i}`));
  });

  it('real 1080p edge maps (1918x1078): exact, >= 30 dB per frame at the default QP, Constrained Baseline level 4', async () => {
    const maps: EdgeMap[] = await panningEdgeMaps(join(ROOT, 'samples', 'demo-video', 'frame.0000001.jpg'), 1920, 1080, 4);
    const run = encodeRun({ width: 1918, height: 1078, qp: DEFAULT_QP }, maps.map((m) => m.plane));
    assertDecodesExactly(run, '1080p');
    run.recons.forEach((recon, i) => assert.ok(psnr(maps[i].plane, 1918, 1078, recon, 1918) >= 30, `frame ${i}`));
    const probe = probeH264(run.stream);
    assert.deepEqual(
      { profile: probe.profile, level: probe.level, width: probe.width, height: probe.height, pixFmt: probe.pixFmt, range: probe.colorRange, frames: probe.frames },
      { profile: 'Constrained Baseline', level: 40, width: 1918, height: 1078, pixFmt: 'yuvj420p', range: 'pc', frames: 4 },
    );
  });

  it('a scene cut inside a GOP: the P picture codes the new scene with intra macroblocks, exactly', () => {
    const [first, second] = FIXTURE_FRAMES.slice(1, 3).map((file) => edgeMapOf(readFileSync(file)));
    const crop = (map: EdgeMap) => Uint8Array.from({ length: 240 * 128 }, (_, i) => map.plane[Math.floor(i / 240) * map.width + (i % 240)]);
    const run = encodeRun({ width: 240, height: 128 }, [crop(first), crop(second), crop(second)]);
    assert.deepEqual(run.frames.map((f) => f.keyframe), [true, false, false]);
    assertDecodesExactly(run, 'scene cut');
    assert.ok(run.frames[1].data.length > run.frames[0].data.length / 2, 'the cut costs about as much as an IDR picture');
  });

  it('segments encoded apart and concatenated decode as one stream', () => {
    const planes = [0, 1, 2, 3, 4, 5, 6].map((i) => smoothPlane(48, 32, 3, i));
    const first = encodeRun({ width: 48, height: 32, qp: 24 }, planes.slice(0, 4), 0);
    const second = encodeRun({ width: 48, height: 32, qp: 24 }, planes.slice(4), 4);
    const joined = joinRuns([first, second]);
    assertDecodesExactly(joined, 'two segments');
    assert.equal(probeH264(joined.stream).frames, 7);
  });

  it('`-pix_fmt gray` reads exactly the luma plane', () => {
    const run = encodeRun({ width: 40, height: 24, qp: 30 }, [smoothPlane(40, 24, 9), smoothPlane(40, 24, 9, 2)]);
    const gray = decodeH264Gray(run.stream);
    assert.deepEqual(gray, Uint8Array.from([...run.recons[0], ...run.recons[1]]));
  });
});
