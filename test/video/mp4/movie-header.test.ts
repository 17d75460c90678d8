import assert from 'node:assert/strict';
import { SampleIndexError } from '../../../src/video/errors';
import { ByteWriter } from '../../../src/video/mp4/byte-writer';
import { layoutMovie, type VideoTrack } from '../../../src/video/mp4/movie-header';
import { writeFtyp } from '../../../src/video/mp4/boxes';
import type { SampleIndex } from '../../../src/video/mp4/sample-index';
import { boxVersion, findBox, fullBoxWords, hex, readBoxes } from '../../support/mp4-boxes';

// libx264's parameter sets for 160x96 High profile (see h264-sps.test.ts).
const TRACK: VideoTrack = {
  parameterSets: { sps: Uint8Array.from(Buffer.from('6764000bacb4146d08000003000800000301e078a155', 'hex')), pps: Uint8Array.from(Buffer.from('68ef3cb0', 'hex')) },
  frameRate: { numerator: 30, denominator: 1 },
};
const index = (sizes: number[], keyframes: number[]): SampleIndex => ({ sizes: Uint32Array.from(sizes), keyframes: Uint32Array.from(keyframes) });
const MiB = 1024 * 1024;
const STBL = 'moov/trak/mdia/minf/stbl';

describe('MP4 header boxes', () => {
  it('writes ftyp with major brand isom and brands isom, iso2, avc1, mp41', () => {
    const writer = new ByteWriter();
    writeFtyp(writer);
    assert.equal(Buffer.from(writer.toBytes()).toString('latin1'), '\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41');
  });

  it('puts moov before mdat, boxes in the standard order, and the data right after the mdat header', () => {
    const layout = layoutMovie(TRACK, index([100, 20, 30], [0]));
    const boxes = readBoxes(layout.header);

    assert.deepEqual(boxes.map((box) => box.type), ['ftyp', 'moov', 'mdat']);
    assert.deepEqual(findBox(boxes, 'moov').children.map((box) => box.type), ['mvhd', 'trak']);
    assert.deepEqual(findBox(boxes, 'moov/trak').children.map((box) => box.type), ['tkhd', 'mdia']);
    assert.deepEqual(findBox(boxes, 'moov/trak/mdia').children.map((box) => box.type), ['mdhd', 'hdlr', 'minf']);
    assert.deepEqual(findBox(boxes, 'moov/trak/mdia/minf').children.map((box) => box.type), ['vmhd', 'dinf', 'stbl']);
    assert.deepEqual(findBox(boxes, STBL).children.map((box) => box.type), ['stsd', 'stts', 'stss', 'stsz', 'stsc', 'stco']);
    const mdat = findBox(boxes, 'mdat');
    assert.deepEqual([mdat.offset + mdat.headerSize, mdat.size], [layout.dataOffset, 8 + 150]);
    assert.deepEqual([layout.header.length, layout.dataBytes, layout.totalBytes], [layout.dataOffset, 150, layout.dataOffset + 150]);
  });

  it('writes mvhd, tkhd (16.16 display size), mdhd (und), hdlr, vmhd and dinf field by field', () => {
    const boxes = readBoxes(layoutMovie(TRACK, index([100, 20, 30], [0])).header);
    const matrix = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];

    // creation, modification, timescale, duration (3 frames x 3000), rate, volume+reserved, reserved x2, matrix, pre_defined x6, next track.
    assert.deepEqual(fullBoxWords(findBox(boxes, 'moov/mvhd')), [0, 0, 90000, 9000, 0x10000, 0x01000000, 0, 0, ...matrix, 0, 0, 0, 0, 0, 0, 2]);
    const tkhd = findBox(boxes, 'moov/trak/tkhd');
    assert.equal(hex(tkhd.body.subarray(0, 4)), '00 00 00 03'); // version 0, enabled | in movie
    assert.deepEqual(fullBoxWords(tkhd), [0, 0, 1, 0, 9000, 0, 0, 0, 0, ...matrix, 160 << 16, 96 << 16]);
    assert.equal(hex(findBox(boxes, 'moov/trak/mdia/mdhd').body), '00 00 00 00 00 00 00 00 00 00 00 00 00 01 5f 90 00 00 23 28 55 c4 00 00');
    assert.equal(Buffer.from(findBox(boxes, 'moov/trak/mdia/hdlr').body).toString('latin1'), '\0\0\0\0\0\0\0\0vide\0\0\0\0\0\0\0\0\0\0\0\0VideoHandler\0');
    const minf = findBox(boxes, 'moov/trak/mdia/minf');
    assert.equal(hex(minf.body.subarray(0, 20 + 36)), '00 00 00 14 76 6d 68 64 00 00 00 01 00 00 00 00 00 00 00 00 ' + '00 00 00 24 64 69 6e 66 00 00 00 1c 64 72 65 66 00 00 00 00 00 00 00 01 00 00 00 0c 75 72 6c 20 00 00 00 01');
  });

  it('writes an avc1 sample entry with the coded size, 72 dpi, depth 24 and the avcC', () => {
    const stsd = findBox(readBoxes(layoutMovie(TRACK, index([100], [0])).header), `${STBL}/stsd`);
    const entry = stsd.body.subarray(8);
    assert.equal(String.fromCharCode(...entry.subarray(4, 8)), 'avc1');
    assert.equal(hex(entry.subarray(8, 8 + 78)), ['00 00 00 00 00 00 00 01', '00 '.repeat(16).trim(), '00 a0 00 60', '00 48 00 00 00 48 00 00 00 00 00 00', '00 01', '00 '.repeat(32).trim(), '00 18 ff ff'].join(' '));
    assert.equal(String.fromCharCode(...entry.subarray(8 + 78 + 4, 8 + 78 + 8)), 'avcC');
  });
});

describe('MP4 sample tables', () => {
  it('writes stts (one run), stss (1-based keyframes), stsz, stsc and stco for a small index', () => {
    const layout = layoutMovie(TRACK, index([100, 20, 30, 40, 50], [0, 3]));
    const boxes = readBoxes(layout.header);

    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stts`)), [1, 5, 3000]);
    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stss`)), [2, 1, 4]);
    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stsz`)), [0, 5, 100, 20, 30, 40, 50]);
    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stsc`)), [1, 1, 5, 1]);
    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stco`)), [1, layout.dataOffset]);
  });

  it('chunks 32 samples at a time: stsc runs and stco offsets for 70 samples', () => {
    const sizes = Array.from({ length: 70 }, (_, i) => 10 + i);
    const layout = layoutMovie(TRACK, index(sizes, [0, 32, 64]));
    const boxes = readBoxes(layout.header);
    const sum = (count: number) => sizes.slice(0, count).reduce((a, b) => a + b, 0);

    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stsc`)), [2, 1, 32, 1, 3, 6, 1]);
    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stco`)), [3, layout.dataOffset, layout.dataOffset + sum(32), layout.dataOffset + sum(64)]);
    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stss`)), [3, 1, 33, 65]);
    assert.deepEqual(fullBoxWords(findBox(readBoxes(layoutMovie(TRACK, index(sizes.slice(0, 64), [0])).header), `${STBL}/stsc`)), [1, 1, 32, 1]);
  });

  it('writes one shared size in stsz when all samples are equal', () => {
    const boxes = readBoxes(layoutMovie(TRACK, index([77, 77, 77, 77], [0, 2])).header);
    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stsz`)), [77, 4]);
  });

  it('switches to co64 and a 64-bit mdat size when chunks start past 4 GiB (sizes only, no data)', () => {
    const sizes = new Array<number>(1100).fill(4 * MiB);
    const layout = layoutMovie(TRACK, index(sizes, [0]));
    const boxes = readBoxes(layout.header);

    assert.equal(layout.co64, true);
    const words = fullBoxWords(findBox(boxes, `${STBL}/co64`));
    assert.equal(words[0], Math.ceil(1100 / 32));
    const lastOffset = words[words.length - 2] * 2 ** 32 + words[words.length - 1];
    assert.equal(lastOffset, layout.dataOffset + 1088 * 4 * MiB);
    assert.throws(() => findBox(boxes, `${STBL}/stco`));
    const mdat = findBox(boxes, 'mdat');
    assert.deepEqual([mdat.headerSize, mdat.size, mdat.offset + 16], [16, 16 + 1100 * 4 * MiB, layout.dataOffset]);
    assert.equal(hex(layout.header.subarray(mdat.offset, mdat.offset + 8)), '00 00 00 01 6d 64 61 74');
  });

  it('keeps 32-bit stco while every chunk starts below 4 GiB, even when mdat needs a 64-bit size', () => {
    const sizes = [...new Array<number>(32).fill(100 * MiB), 2000 * MiB];
    const layout = layoutMovie(TRACK, index(sizes, [0]));
    const boxes = readBoxes(layout.header);

    assert.equal(layout.co64, false);
    assert.deepEqual(fullBoxWords(findBox(boxes, `${STBL}/stco`)), [2, layout.dataOffset, layout.dataOffset + 3200 * MiB]);
    assert.equal(findBox(boxes, 'mdat').headerSize, 16);
  });

  it('uses version 1 (64-bit) mvhd, tkhd and mdhd only when the duration passes 2^32 ticks', () => {
    const slow = { ...TRACK, frameRate: { numerator: 1, denominator: 1000 } }; // 9e7 ticks a frame at 90 kHz
    const long = readBoxes(layoutMovie(slow, index(new Array<number>(50).fill(10), [0])).header);
    const short = readBoxes(layoutMovie(slow, index(new Array<number>(40).fill(10), [0])).header);
    for (const path of ['moov/mvhd', 'moov/trak/tkhd', 'moov/trak/mdia/mdhd']) {
      assert.equal(boxVersion(findBox(long, path)), 1, path);
      assert.equal(boxVersion(findBox(short, path)), 0, path);
    }
    const mdhd = findBox(long, 'moov/trak/mdia/mdhd').body;
    assert.equal(Number(new DataView(mdhd.buffer, mdhd.byteOffset).getBigUint64(4 + 16 + 4)), 50 * 90_000_000);
  });

  it('refuses indexes it cannot mux: no samples, no keyframe first, unordered keyframes, tiny samples', () => {
    assert.throws(() => layoutMovie(TRACK, index([], [])), SampleIndexError);
    assert.throws(() => layoutMovie(TRACK, index([100, 100], [1])), /first sample is not a keyframe/);
    assert.throws(() => layoutMovie(TRACK, index([100, 100, 100], [0, 2, 1])), /strictly ascending/);
    assert.throws(() => layoutMovie(TRACK, index([100, 100], [0, 2])), /past the last sample/);
    assert.throws(() => layoutMovie(TRACK, index([100, 4], [0])), /sample 1 has 4 bytes/);
  });
});
