// level_idc from frame size and rate (ITU-T H.264 Table A-1).
import assert from 'node:assert/strict';
import { H264SizeError } from '../../../src/video/h264/errors';
import { chooseLevel } from '../../../src/video/h264/level';

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
    for (const [width, height, rate, level] of cases) assert.equal(chooseLevel(width, height, rate).levelIdc, level, `${width}x${height}@${rate}`);
  });

  it('respects the sqrt(8 * MaxFS) limit on each side', () => {
    // 2048x16 is only 128 macroblocks, but a row of 128 needs 8 * MaxFS >= 128^2 = 16384: level 3 (MaxFS 1620) is
    // too small, 3.1 (3600) holds it.
    assert.equal(chooseLevel(2048, 16, 1).levelIdc, 31);
    assert.equal(chooseLevel(16, 2048, 1).levelIdc, 31);
  });

  it('refuses what no level holds', () => {
    assert.throws(() => chooseLevel(16896, 16, 30), H264SizeError);
    assert.throws(() => chooseLevel(7680, 4320, 240), H264SizeError);
  });
});
