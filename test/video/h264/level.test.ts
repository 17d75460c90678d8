// level_idc from frame size and rate, and from the whole coded stream (ITU-T H.264 Table A-1, A.3.1).
import assert from 'node:assert/strict';
import { H264SizeError } from '../../../src/video/h264/errors';
import { chooseLevel, levelViolation, LEVELS, streamLevel, type StreamFacts } from '../../../src/video/h264/level';

const level = (idc: number) => LEVELS.find((l) => l.levelIdc === idc)!;
/** A 20x12-macroblock (318x178) stream at 30 frames/s whose pictures take `bytes` each. */
const stream = (bytes: number[], frameRate = 30): StreamFacts => ({ widthInMbs: 20, heightInMbs: 12, frameRate, accessUnitBytes: bytes });
const repeat = (count: number, bytes: number) => new Array<number>(count).fill(bytes);

describe('H.264 level choice', () => {
  it('picks the lowest level whose frame size and macroblock rate fit', () => {
    const cases: [number, number, number, number][] = [
      [1, 1, 30, 10],
      [176, 144, 15, 10],
      [176, 144, 30, 11],
      [352, 288, 30, 13],
      [640, 360, 30, 30],
      [1278, 718, 30, 31],
      [1918, 1078, 30, 40],
      [1918, 1078, 60, 42],
      [3838, 2158, 30, 51],
      [3838, 2158, 60, 52],
      [7678, 4318, 30, 60],
    ];
    for (const [width, height, rate, levelIdc] of cases) assert.equal(chooseLevel(width, height, rate).levelIdc, levelIdc, `${width}x${height}@${rate}`);
  });

  it('respects the sqrt(8 * MaxFS) limit on each side', () => {
    // 2048x16 is only 128 macroblocks, but a row of 128 needs 8 * MaxFS >= 128^2 = 16384: level 3 (MaxFS 1620) is
    // too small, 3.1 (3600) holds it.
    assert.equal(chooseLevel(2048, 16, 1).levelIdc, 31);
    assert.equal(chooseLevel(16, 2048, 1).levelIdc, 31);
  });

  it('refuses what no level holds: too large, too many macroblocks a second, more than 300 frames a second', () => {
    assert.throws(() => chooseLevel(16896, 16, 30), H264SizeError);
    assert.throws(() => chooseLevel(7680, 4320, 240), H264SizeError);
    assert.throws(() => chooseLevel(16, 16, 301), H264SizeError);
    assert.equal(chooseLevel(16, 16, 172).levelIdc, 10);
    assert.equal(chooseLevel(16, 16, 173).levelIdc, 60, 'faster than 172 frames a second needs the 1/300 s interval of levels 6 and up');
  });
});

describe('H.264 level of a whole stream', () => {
  it('a quiet stream keeps the level of its size and rate', () => {
    assert.equal(streamLevel(stream(repeat(90, 1000)))?.levelIdc, 13); // 240 kbit/s, under level 1.3's 768
  });

  it("raises the level for the bit rate: every second's bits within MaxBR", () => {
    // 5.6 Mbit/s (23.4 KB a picture): over 1.3's 0.768 and 2.1's 4 Mbit/s, within level 3's 10.
    const busy = stream(repeat(90, 23_400));
    assert.match(levelViolation(level(13), busy)!, /over MaxBR 768 kbit\/s/);
    assert.equal(streamLevel(busy)?.levelIdc, 30);
    // One busy second among quiet ones binds as well.
    assert.equal(streamLevel(stream([...repeat(30, 1000), ...repeat(30, 23_400), ...repeat(30, 1000)]))?.levelIdc, 30);
  });

  it('raises the level for the picture size against MinCR (A.3.1 items c and d)', () => {
    // Level 1.3: 384 * 11880 / 30 / 2 = 76032 bytes a picture after the first; the first may take
    // 384 * max(240 macroblocks, 11880 / 172) / 2 = 46080.
    assert.match(levelViolation(level(13), stream([1000, 80_000, 1000]))!, /picture 1 takes 80000 bytes, over the 76032 MinCR 2 allows/);
    assert.match(levelViolation(level(13), stream([50_000, 1000]))!, /picture 0 takes 50000 bytes, over the 46080 MinCR 2 allows/);
    // 150 KB (1.2 Mbit, within every second's MaxBR from level 2 on): levels 2 to 2.2 allow at most 129600 bytes, level 3 259200.
    assert.equal(streamLevel(stream([...repeat(5, 100), 150_000, ...repeat(24, 100)]))?.levelIdc, 30);
  });

  it('finds no level beyond 6.2', () => {
    const huge: StreamFacts = { widthInMbs: 240, heightInMbs: 135, frameRate: 60, accessUnitBytes: repeat(60, 13_000_000) };
    assert.equal(streamLevel(huge), undefined);
  });
});
