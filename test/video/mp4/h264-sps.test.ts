import assert from 'node:assert/strict';
import { avcCodecString, checkParameterSets, writeAvcC } from '../../../src/video/mp4/avc-config';
import { ByteWriter } from '../../../src/video/mp4/byte-writer';
import { parseSps } from '../../../src/video/mp4/h264-sps';
import { unescapeRbsp } from '../../../src/video/mp4/rbsp-reader';
import { ParameterSetError } from '../../../src/video/errors';
import { hex } from '../../support/mp4-boxes';

// Parameter sets libx264 wrote (ffmpeg -c:v libx264, see test/support/x264.ts), copied as literals.
const X264 = {
  high160x96: { sps: '6764000bacb4146d08000003000800000301e078a155', pps: '68ef3cb0' },
  high170x102: { sps: '6764000bacb4167f24d080000003008000001e078a1550', pps: '68ef3cb0' },
  high1918x1078: { sps: '67640028acb403c0113d4d08000003000800000301e078c195', pps: '68ef3cb0' },
  baseline320x240: { sps: '6742c00dda0507e840000003004000000f03c50aa8', pps: '68ce3c80' },
};
const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

/** Writes SPS fields bit by bit (fixed widths and Exp-Golomb) to build SPSs x264 never writes. */
class BitWriter {
  private bits: number[] = [];
  u(count: number, value: number): this {
    for (let i = count - 1; i >= 0; i--) this.bits.push((value >> i) & 1);
    return this;
  }
  ue(value: number): this {
    const code = value + 1;
    const length = Math.floor(Math.log2(code));
    return this.u(length, 0).u(length + 1, code);
  }
  se(value: number): this {
    return this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }
  /** rbsp_trailing_bits, then the bytes. */
  toBytes(): Uint8Array {
    this.bits.push(1);
    while (this.bits.length % 8) this.bits.push(0);
    return Uint8Array.from({ length: this.bits.length / 8 }, (_, i) => parseInt(this.bits.slice(i * 8, i * 8 + 8).join(''), 2));
  }
}

describe('H.264 SPS fields for MP4', () => {
  it('reads profile, level and the cropped size from libx264 SPSs (High with cropping, Baseline)', () => {
    assert.deepEqual(parseSps(bytes(X264.high160x96.sps)), { profileIdc: 100, constraintFlags: 0, levelIdc: 11, chromaFormatIdc: 1, bitDepthLuma: 8, bitDepthChroma: 8, width: 160, height: 96, widthInMbs: 10, heightInMbs: 6 });
    assert.deepEqual([parseSps(bytes(X264.high170x102.sps)).width, parseSps(bytes(X264.high170x102.sps)).height], [170, 102]);
    assert.deepEqual([parseSps(bytes(X264.high1918x1078.sps)).width, parseSps(bytes(X264.high1918x1078.sps)).height], [1918, 1078]);
    const baseline = parseSps(bytes(X264.baseline320x240.sps));
    assert.deepEqual([baseline.profileIdc, baseline.constraintFlags, baseline.levelIdc, baseline.width, baseline.height], [66, 0xc0, 13, 320, 240]);
  });

  it('removes emulation prevention bytes (00 00 03) and only those', () => {
    assert.equal(hex(unescapeRbsp(bytes('0000030100000300000003'))), '00 00 01 00 00 00 00 00');
    assert.equal(hex(unescapeRbsp(bytes('000103000003'))), '00 01 03 00 00');
  });

  it('skips scaling lists and picture order count type 1, and crops field-coded 4:2:2 pictures', () => {
    // High 4:2:2 (122), 4:2:2, scaling matrix with one (early-ended) 4x4 list, POC type 1 with 2 cycle offsets,
    // 20x9 macroblocks in field pairs (frame_mbs_only 0), cropped by 1 unit right (2 px) and 2 units bottom (4 rows).
    const sps = new BitWriter().u(8, 0x67).u(8, 122).u(8, 0).u(8, 30).ue(0).ue(2).ue(0).ue(0).u(1, 0).u(1, 1);
    sps.u(1, 1).se(4).se(-12); // 12, then 0: the list ends early (the rest repeat the last scale)
    for (let i = 1; i < 8; i++) sps.u(1, 0);
    sps.ue(0).ue(1).u(1, 0).se(-1).se(0).ue(2).se(1).se(2).ue(4).u(1, 0).ue(19).ue(8).u(1, 0).u(1, 1).u(1, 1);
    sps.u(1, 1).ue(0).ue(1).ue(0).ue(2).u(1, 0); // crop units: 2 columns, 1 row x 2 fields

    const info = parseSps(sps.toBytes());

    assert.deepEqual(info, { profileIdc: 122, constraintFlags: 0, levelIdc: 30, chromaFormatIdc: 2, bitDepthLuma: 8, bitDepthChroma: 8, width: 320 - 2, height: 2 * 9 * 16 - 4, widthInMbs: 20, heightInMbs: 18 });
  });

  it('refuses what is not a usable SPS or PPS, naming the source', () => {
    const sps = bytes(X264.high160x96.sps);
    assert.throws(() => parseSps(sps.subarray(0, 6), 'v/seg-1'), (error: unknown) => error instanceof ParameterSetError && /truncated/.test(error.message) && error.source === 'v/seg-1');
    assert.throws(() => parseSps(bytes('68ef3cb0')), /type 8 is not an SPS/);
    assert.throws(() => parseSps(new Uint8Array(2)), /too short/);
    assert.throws(() => checkParameterSets({ sps, pps: sps }), /type 7 is not a PPS/);
    assert.throws(() => checkParameterSets({ sps, pps: new Uint8Array(0) }), ParameterSetError);
  });
});

describe('avcC and the codecs string', () => {
  it('writes the record with the High profile extension (chroma format, bit depths)', () => {
    const sets = { sps: bytes(X264.high160x96.sps), pps: bytes(X264.high160x96.pps) };
    const writer = new ByteWriter();

    writeAvcC(writer, sets, checkParameterSets(sets));

    const expected = ['00 00 00 31 61 76 63 43', '01 64 00 0b ff e1', '00 16', hex(sets.sps), '01 00 04', hex(sets.pps), 'fd f8 f8 00'].join(' ');
    assert.equal(hex(writer.toBytes()), expected);
  });

  it('writes no extension for Baseline, and gives RFC 6381 strings', () => {
    const sets = { sps: bytes(X264.baseline320x240.sps), pps: bytes(X264.baseline320x240.pps) };
    const writer = new ByteWriter();
    writeAvcC(writer, sets, checkParameterSets(sets));
    assert.equal(hex(writer.toBytes().subarray(0, 14)), '00 00 00 2c 61 76 63 43 01 42 c0 0d ff e1');
    assert.equal(writer.size, 8 + 6 + 2 + sets.sps.length + 1 + 2 + sets.pps.length);
    assert.equal(avcCodecString(checkParameterSets(sets)), 'avc1.42c00d');
    assert.equal(avcCodecString(parseSps(bytes(X264.high1918x1078.sps))), 'avc1.640028');
  });
});
