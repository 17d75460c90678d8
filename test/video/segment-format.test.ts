import assert from 'node:assert/strict';
import { SegmentIndexError } from '../../src/video/errors';
import { describeSegment, edgesVideoKey, segmentIndexKey, SEGMENT_FORMAT, type SegmentToWrite } from '../../src/video/segment-format';
import { MAX_SEGMENT_INDEX_BYTES, readSegmentIndex } from '../../src/video/segment-index-reader';

// libx264's 160x96 High profile parameter sets (see mp4/h264-sps.test.ts) and three tiny samples.
const parameterSets = { sps: Uint8Array.from(Buffer.from('6764000bacb4146d08000003000800000301e078a155', 'hex')), pps: Uint8Array.from(Buffer.from('68ef3cb0', 'hex')) };
const sample = (bytes: number[], keyframe: boolean) => ({ data: Uint8Array.from([0, 0, 0, bytes.length, ...bytes]), keyframe });
const SEGMENT: SegmentToWrite = {
  videoId: 'cam/clip-7',
  segment: 3,
  firstFrame: 90,
  frameRate: { numerator: 30000, denominator: 1001 },
  parameterSets,
  samples: [sample([0x65, 1, 2], true), sample([0x41, 3], false), sample([0x41, 4, 5, 6], false)],
};
const expected = { indexKey: 'cam/clip-7/.stitch/segment-00003.json', videoId: 'cam/clip-7', segment: 3 };

describe('segment format', () => {
  it('names the objects: index, content-addressed data, and the joined video', () => {
    const { indexKey, dataKey, index } = describeSegment(SEGMENT);
    assert.equal(indexKey, segmentIndexKey('cam/clip-7', 3));
    assert.equal(indexKey, 'cam/clip-7/.stitch/segment-00003.json');
    assert.equal(dataKey, `cam/clip-7/.stitch/segment-00003.${index.dataSha256.slice(0, 16)}.h264`);
    assert.equal(edgesVideoKey('cam/clip-7'), 'cam/clip-7/edges.mp4');
  });

  it('writes a versioned index describing the concatenated samples, and reads it back', () => {
    const { data, index } = describeSegment(SEGMENT);

    assert.deepEqual(Array.from(data), [0, 0, 0, 3, 0x65, 1, 2, 0, 0, 0, 2, 0x41, 3, 0, 0, 0, 4, 0x41, 4, 5, 6]);
    assert.deepEqual(
      { ...index, dataKey: undefined, dataSha256: undefined },
      { format: SEGMENT_FORMAT, version: 1, videoId: 'cam/clip-7', segment: 3, firstFrame: 90, frameCount: 3, width: 160, height: 96, frameRate: { numerator: 30000, denominator: 1001 }, sps: Buffer.from(parameterSets.sps).toString('base64'), pps: 'aO88sA==', sampleSizes: [7, 6, 8], keyframes: [0], dataKey: undefined, dataBytes: 21, dataSha256: undefined },
    );
    const info = readSegmentIndex(Buffer.from(JSON.stringify(index)), expected);
    assert.deepEqual([info.firstFrame, info.frameCount, Array.from(info.sizes), Array.from(info.keyframes), info.dataBytes], [90, 3, [7, 6, 8], [0], 21]);
    assert.deepEqual(info.parameterSets, parameterSets);
  });

  it('refuses an index for another video or segment, oversized, or with broken fields', () => {
    const { index } = describeSegment(SEGMENT);
    const read = (change: Record<string, unknown>, which = expected) => () => readSegmentIndex(Buffer.from(JSON.stringify({ ...index, ...change })), which);
    const refusals: Array<[() => unknown, RegExp]> = [
      [read({}, { ...expected, segment: 4 }), /segment 3 is not 4/],
      [read({}, { ...expected, videoId: 'cam/clip-8' }), /videoId "cam\/clip-7" is not "cam\/clip-8"/],
      [read({ keyframes: [0, 0] }), /not strictly ascending/],
      [read({ keyframes: [3] }), /keyframes\[0\] 3 is not an integer in 0..2/],
      [read({ sampleSizes: [7, 6, 4] }), /sampleSizes\[2\] 4/],
      [read({ dataSha256: 'ABC' }), /64 lowercase hex/],
      [read({ pps: 'aO88sA=!' }), /pps is not canonical base64/],
      [read({ frameRate: { numerator: 60000, denominator: 2002 } }), /not reduced/],
      [read({ frameRate: { numerator: 30, denominator: 0 } }), /frameRate: denominator 0/],
      [read({ frameRate: undefined }), /frameRate/],
      [() => readSegmentIndex(Buffer.from('[1, 2]'), expected), /not a JSON object/],
      [() => readSegmentIndex(new Uint8Array(MAX_SEGMENT_INDEX_BYTES + 1), expected), /over the \d+-byte limit/],
    ];
    for (const [attempt, reason] of refusals) {
      assert.throws(attempt, (error: unknown) => error instanceof SegmentIndexError && reason.test(error.reason) && error.source === expected.indexKey, String(reason));
    }
  });

  it('refuses at write time what the join would refuse: no keyframe first, bad parameter sets', () => {
    assert.throws(() => describeSegment({ ...SEGMENT, samples: SEGMENT.samples.slice(1) }), /first sample is not a keyframe/);
    assert.throws(() => describeSegment({ ...SEGMENT, parameterSets: { sps: parameterSets.pps, pps: parameterSets.pps } }), /not an SPS/);
  });
});
