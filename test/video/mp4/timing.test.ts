import assert from 'node:assert/strict';
import { FrameRateError } from '../../../src/video/errors';
import { toFrameRate, trackTiming } from '../../../src/video/mp4/timing';

describe('MP4 timing for a frame rate', () => {
  it('uses the 90 kHz clock where it divides evenly: 30, 29.97, 25, 24, 60, 12.5 fps', () => {
    assert.deepEqual(trackTiming(toFrameRate(30)), { timescale: 90_000, sampleDelta: 3000 });
    assert.deepEqual(trackTiming(toFrameRate(29.97)), { timescale: 90_000, sampleDelta: 3003 });
    assert.deepEqual(trackTiming(toFrameRate({ numerator: 30000, denominator: 1001 })), { timescale: 90_000, sampleDelta: 3003 });
    assert.deepEqual(trackTiming(toFrameRate(25)), { timescale: 90_000, sampleDelta: 3600 });
    assert.deepEqual(trackTiming(toFrameRate(24)), { timescale: 90_000, sampleDelta: 3750 });
    assert.deepEqual(trackTiming(toFrameRate(60)), { timescale: 90_000, sampleDelta: 1500 });
    assert.deepEqual(trackTiming(toFrameRate(12.5)), { timescale: 90_000, sampleDelta: 7200 });
  });

  it("uses the rate's own numerator where 90 kHz does not divide: 23.976, 59.94, 7 fps", () => {
    assert.deepEqual(trackTiming(toFrameRate(23.976)), { timescale: 24000, sampleDelta: 1001 });
    assert.deepEqual(trackTiming(toFrameRate(59.94)), { timescale: 60000, sampleDelta: 1001 });
    assert.deepEqual(trackTiming(toFrameRate(7)), { timescale: 7, sampleDelta: 1 });
  });

  it('is exact: every frame time and the whole duration equal index x denominator / numerator', () => {
    for (const rate of [30, 29.97, 25, 23.976, 59.94, 7, 12.5, { numerator: 1000, denominator: 33 }]) {
      const fraction = toFrameRate(rate);
      const { timescale, sampleDelta } = trackTiming(fraction);
      // ticks / timescale == frames * den / num, checked in integers (no floating point).
      for (const frames of [1, 2, 17, 18_000, 1_000_003]) {
        assert.equal(BigInt(frames * sampleDelta) * BigInt(fraction.numerator), BigInt(frames) * BigInt(fraction.denominator) * BigInt(timescale), `${JSON.stringify(rate)} x ${frames}`);
      }
    }
    // 10 minutes of 29.97 fps: 18,000 frames last exactly 600.6 s.
    assert.equal((18_000 * trackTiming(toFrameRate(29.97)).sampleDelta) / 90_000, 600.6);
  });

  it('reduces fractions and reads decimals to three places', () => {
    assert.deepEqual(toFrameRate({ numerator: 60, denominator: 2 }), { numerator: 30, denominator: 1 });
    assert.deepEqual(toFrameRate(14.985), { numerator: 15000, denominator: 1001 });
    assert.deepEqual(toFrameRate(0.5), { numerator: 1, denominator: 2 });
    assert.deepEqual(toFrameRate(7.25), { numerator: 29, denominator: 4 });
  });

  it('refuses rates that are not positive, not finite, not integers in fractions, or over 300 fps (H.264\'s shortest frame interval)', () => {
    for (const bad of [0, -30, Number.NaN, Infinity, 301, 1000, 0.0001, { numerator: 0, denominator: 1 }, { numerator: 30, denominator: 0 }, { numerator: 29.97, denominator: 1 }, { numerator: 2 ** 33, denominator: 1 }]) {
      assert.throws(() => toFrameRate(bad), FrameRateError, JSON.stringify(bad));
    }
  });
});
