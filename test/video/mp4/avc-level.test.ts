// The MP4's SPS signals the level the whole stream needs: level_idc raised from the encoder's (size
// and rate only) when the bit rate or a picture's size asks for more; avcC and the codecs string follow.
import assert from 'node:assert/strict';
import { ParameterSetError } from '../../../src/video/errors';
import { WasmH264Encoder } from '../../../src/video/h264/encoder';
import { H264Module } from '../../../src/video/h264/module';
import { fitLevel } from '../../../src/video/mp4/avc-level';
import { checkParameterSets, type ParameterSets } from '../../../src/video/mp4/avc-config';
import { parseSps } from '../../../src/video/mp4/h264-sps';
import { muxMp4 } from '../../../src/video/mp4/mux';
import type { SampleIndex } from '../../../src/video/mp4/sample-index';
import { avcConfigOf } from '../../support/mp4-boxes';

/** The encoder's parameter sets for 318x178 at 30 frames/s: level 1.3 by size and rate. */
function encoderSets(): ParameterSets {
  const encoder = new WasmH264Encoder({ width: 318, height: 178 }, H264Module.instance());
  encoder.close();
  return encoder.parameterSets;
}
const index = (count: number, bytes: number): SampleIndex => ({ sizes: new Uint32Array(count).fill(bytes), keyframes: Uint32Array.of(0) });
const QUIET = index(60, 1000);
/** 5.6 Mbit/s: 7.3x level 1.3's 768 kbit/s, within level 3's 10 Mbit/s. */
const BUSY = index(60, 23_400);

describe('the level an MP4 signals', () => {
  it("keeps the encoder's level when the stream is within it", () => {
    const sets = encoderSets();
    const fitted = fitLevel(sets, checkParameterSets(sets), QUIET, 30, 'video');
    assert.equal(fitted.sets, sets);
    assert.equal(fitted.info.levelIdc, 13);
  });

  it('raises level_idc, and nothing else, when the bit rate needs it', () => {
    const sets = encoderSets();
    const fitted = fitLevel(sets, checkParameterSets(sets), BUSY, 30, 'video');
    assert.equal(fitted.info.levelIdc, 30);
    assert.deepEqual(Array.from(fitted.sets.sps).map((byte, i) => (i === 3 ? 'level' : byte)), Array.from(sets.sps).map((byte, i) => (i === 3 ? 'level' : byte)));
    assert.deepEqual(parseSps(fitted.sets.sps), { ...parseSps(sets.sps), levelIdc: 30 });
    assert.equal(fitted.sets.pps, sets.pps);
  });

  it('muxes the raised level into avcC, its SPS and the codecs string', () => {
    const sets = encoderSets();
    const samples = Array.from({ length: 60 }, (_, i) => ({ data: new Uint8Array(23_400).fill(i === 0 ? 0x65 : 0x41), keyframe: i === 0 }));
    const { bytes, layout } = muxMp4({ parameterSets: sets, frameRate: { numerator: 30, denominator: 1 } }, samples);
    const avcC = avcConfigOf(bytes);
    assert.deepEqual([avcC.levelIdc, avcC.sps[3], layout.levelIdc, layout.codec], [30, 30, 30, 'avc1.42c01e']);
    assert.deepEqual(avcC.pps, sets.pps);
  });

  it('keeps a level already high enough, and leaves profiles outside A.3.1 (High) alone', () => {
    const sets = encoderSets();
    const high = { sps: Uint8Array.from(sets.sps), pps: sets.pps };
    high.sps[3] = 40;
    assert.equal(fitLevel(high, checkParameterSets(high), BUSY, 30, 'video').sets, high);
    const x264High: ParameterSets = { sps: Uint8Array.from(Buffer.from('6764000bacb4146d08000003000800000301e078a155', 'hex')), pps: Uint8Array.from(Buffer.from('68ef3cb0', 'hex')) };
    assert.equal(fitLevel(x264High, checkParameterSets(x264High), BUSY, 30, 'video').info.levelIdc, 11);
  });

  it('leaves level 1b (level_idc 11 with constraint_set3_flag) by clearing the flag', () => {
    const sets = encoderSets();
    const oneB = { sps: Uint8Array.from(sets.sps), pps: sets.pps };
    oneB.sps[2] |= 0x10;
    oneB.sps[3] = 11;
    const fitted = fitLevel(oneB, checkParameterSets(oneB), BUSY, 30, 'video');
    assert.deepEqual([fitted.sets.sps[2], fitted.sets.sps[3], fitted.info.constraintFlags], [0xc0, 30, 0xc0]);
  });

  it('refuses a stream beyond level 6.2, naming it and the limit', () => {
    const sets = encoderSets();
    assert.throws(
      () => fitLevel(sets, checkParameterSets(sets), index(60, 4_000_000), 30, 'video-1/.stitch/segment-00000.json'),
      (error: unknown) => error instanceof ParameterSetError && /video-1\/\.stitch\/segment-00000\.json: the stream exceeds H\.264's highest level 6\.2 \(.*MaxBR 800000 kbit\/s\); a higher QP/.test(error.message),
    );
  });
});
