// Exact MP4 timing for any positive frame rate. A frame rate is a reduced fraction
// numerator/denominator frames per second (30 = 30/1, 29.97 = 30000/1001, 12.5 = 25/2). Every
// sample lasts `sampleDelta` ticks of a `timescale` Hz clock, chosen so that
// sampleDelta / timescale == denominator / numerator exactly:
//  - the MPEG 90 kHz clock when it divides evenly (24, 25, 30, 50, 60, 29.97, 120 ... fps):
//    30 fps -> 3000 ticks, 29.97 -> 3003, 25 -> 3600;
//  - otherwise the rate's own numerator (23.976 = 24000/1001 -> timescale 24000, 1001 ticks).
// Frame i then starts at exactly i * sampleDelta ticks, with no drift over any length; the
// movie header (mvhd) uses the same timescale, so the movie's duration is exact too.
import { FrameRateError } from '../errors';

export interface FrameRate {
  /** Frames per second = numerator / denominator; both positive integers, the fraction reduced. */
  numerator: number;
  denominator: number;
}

export interface TrackTiming {
  /** Clock ticks per second (mdhd and mvhd timescale). */
  timescale: number;
  /** Ticks per frame (the one stts delta). */
  sampleDelta: number;
}

const MPEG_CLOCK_HZ = 90_000;
const MAX_U32 = 0xffffffff;
/**
 * Rates above this are refused: H.264 allows no shorter frame interval than 1/300 s at any level
 * (fR of ITU-T H.264 A.3.1 a, levels 6 to 6.2), so no edge video can play faster.
 */
export const MAX_FRAME_RATE = 300;

/**
 * A validated, reduced frame rate from a fraction or a number. A number is an integer rate, an
 * NTSC-family rate (within 0.001 of N*1000/1001: 23.976, 29.97, 59.94...), or else taken to
 * three decimals (12.5 -> 25/2).
 */
export function toFrameRate(value: number | FrameRate): FrameRate {
  if (typeof value === 'number') return fromNumber(value);
  const { numerator, denominator } = value;
  for (const [name, part] of [['numerator', numerator], ['denominator', denominator]] as const) {
    if (!Number.isInteger(part) || part <= 0 || part > MAX_U32) throw new FrameRateError(`${name} ${part} is not an integer in 1..${MAX_U32}`, 'frame rate');
  }
  if (numerator / denominator > MAX_FRAME_RATE) throw new FrameRateError(`${numerator}/${denominator} fps is over ${MAX_FRAME_RATE} fps`, 'frame rate');
  const divisor = gcd(numerator, denominator);
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

function fromNumber(value: number): FrameRate {
  if (!Number.isFinite(value) || value <= 0) throw new FrameRateError(`${value} is not a positive number of frames per second`, 'frame rate');
  if (Number.isInteger(value)) return toFrameRate({ numerator: value, denominator: 1 });
  const ntscBase = Math.round(value * 1.001);
  if (ntscBase > 0 && Math.abs(value - (ntscBase * 1000) / 1001) < 0.001) return toFrameRate({ numerator: ntscBase * 1000, denominator: 1001 });
  const thousandths = Math.round(value * 1000);
  if (thousandths === 0) throw new FrameRateError(`${value} fps is below 0.001 fps`, 'frame rate');
  return toFrameRate({ numerator: thousandths, denominator: 1000 });
}

/** The timescale and per-frame duration that represent `rate` exactly (see the file comment). */
export function trackTiming(rate: FrameRate): TrackTiming {
  const { numerator, denominator } = toFrameRate(rate);
  const mpegTicks = (MPEG_CLOCK_HZ * denominator) / numerator;
  if (Number.isInteger(mpegTicks) && mpegTicks <= MAX_U32) return { timescale: MPEG_CLOCK_HZ, sampleDelta: mpegTicks };
  return { timescale: numerator, sampleDelta: denominator };
}

/** The frame rate as "numerator/denominator", as ffprobe prints it. */
export function formatFrameRate(rate: FrameRate): string {
  return `${rate.numerator}/${rate.denominator}`;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
