// level_idc from the frame size and rate.
// see: ITU-T H.264 (08/2021) Annex A, Table A-1 (MaxMBPS, MaxFS, MaxBR) and A.3.1 (frame width and
// height in macroblocks at most sqrt(8 * MaxFS)). Level 1b is never chosen (1.1 covers it).
import { H264SizeError } from './errors';

interface LevelLimits {
  levelIdc: number;
  /** Macroblocks per second. */
  maxMbps: number;
  /** Macroblocks per frame. */
  maxFs: number;
  /** Video bit rate, kbit/s (Baseline VCL, 1000 bits per unit). */
  maxBitrate: number;
}

const LEVELS: readonly LevelLimits[] = [
  [10, 1485, 99, 64],
  [11, 3000, 396, 192],
  [12, 6000, 396, 384],
  [13, 11880, 396, 768],
  [20, 11880, 396, 2000],
  [21, 19800, 792, 4000],
  [22, 20250, 1620, 4000],
  [30, 40500, 1620, 10000],
  [31, 108000, 3600, 14000],
  [32, 216000, 5120, 20000],
  [40, 245760, 8192, 20000],
  [41, 245760, 8192, 50000],
  [42, 522240, 8704, 50000],
  [50, 589824, 22080, 135000],
  [51, 983040, 36864, 240000],
  [52, 2073600, 36864, 240000],
  [60, 4177920, 139264, 240000],
  [61, 8355840, 139264, 480000],
  [62, 16711680, 139264, 800000],
].map(([levelIdc, maxMbps, maxFs, maxBitrate]) => ({ levelIdc, maxMbps, maxFs, maxBitrate }));

/** The lowest level whose frame size and macroblock rate admit width x height at frameRate. */
export function chooseLevel(width: number, height: number, frameRate: number): LevelLimits {
  const mbWidth = Math.ceil(width / 16);
  const mbHeight = Math.ceil(height / 16);
  const frameMbs = mbWidth * mbHeight;
  const level = LEVELS.find(
    (l) => frameMbs <= l.maxFs && mbWidth * mbWidth <= 8 * l.maxFs && mbHeight * mbHeight <= 8 * l.maxFs && frameMbs * frameRate <= l.maxMbps,
  );
  if (!level) {
    throw new H264SizeError(`${width}x${height} at ${frameRate} frames/s exceeds H.264 level 6.2 (at most 139264 macroblocks, 1055 a side, 16711680 per second)`, 'frame size');
  }
  return level;
}
