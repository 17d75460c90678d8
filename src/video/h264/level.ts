// level_idc: from the frame size and rate when an encoder starts (chooseLevel), and from the coded
// stream itself once its pictures' sizes are known (streamLevel: the muxer signals that one).
// see: ITU-T H.264 (08/2021) Annex A, Table A-1 (MaxMBPS, MaxFS, MaxBR, MaxCPB, MinCR) and A.3.1
// (items a-g: frame interval, picture bytes, frame size and sides at most sqrt(8 * MaxFS); item i:
// the VCL HRD's bit rate and buffer, 1000 * MaxBR bits/s and 1000 * MaxCPB bits for profiles 66,
// 77 and 88 when the stream carries no HRD parameters, clause E.2.2; Annex C for the buffer).
// Level 1b is never chosen (1.1 covers it). Vectors need no check here: the encoder keeps to the
// range every level allows.
import { H264SizeError } from './errors';

export interface LevelLimits {
  levelIdc: number;
  /** Macroblocks per second. */
  maxMbps: number;
  /** Macroblocks per frame. */
  maxFs: number;
  /** Video bit rate, kbit/s (Baseline VCL, 1000 bits per unit). */
  maxBitrate: number;
  /** Coded picture buffer, kbit (1000 bits per unit). */
  maxCpb: number;
  /** Minimum compression ratio of a picture against its raw 384 bytes per macroblock. */
  minCr: number;
}

export const LEVELS: readonly LevelLimits[] = [
  [10, 1485, 99, 64, 175, 2],
  [11, 3000, 396, 192, 500, 2],
  [12, 6000, 396, 384, 1000, 2],
  [13, 11880, 396, 768, 2000, 2],
  [20, 11880, 396, 2000, 2000, 2],
  [21, 19800, 792, 4000, 4000, 2],
  [22, 20250, 1620, 4000, 4000, 2],
  [30, 40500, 1620, 10000, 10000, 2],
  [31, 108000, 3600, 14000, 14000, 4],
  [32, 216000, 5120, 20000, 20000, 4],
  [40, 245760, 8192, 20000, 25000, 4],
  [41, 245760, 8192, 50000, 62500, 2],
  [42, 522240, 8704, 50000, 62500, 2],
  [50, 589824, 22080, 135000, 135000, 2],
  [51, 983040, 36864, 240000, 240000, 2],
  [52, 2073600, 36864, 240000, 240000, 2],
  [60, 4177920, 139264, 240000, 240000, 2],
  [61, 8355840, 139264, 480000, 480000, 2],
  [62, 16711680, 139264, 800000, 800000, 2],
].map(([levelIdc, maxMbps, maxFs, maxBitrate, maxCpb, minCr]) => ({ levelIdc, maxMbps, maxFs, maxBitrate, maxCpb, minCr }));

/** A coded stream as the level limits see it. */
export interface StreamFacts {
  widthInMbs: number;
  heightInMbs: number;
  /** Frames per second (constant). */
  frameRate: number;
  /** Bytes of each access unit in decoding order (an upper bound: AVCC samples with their length fields, plus parameter sets before keyframes when they travel in band). */
  accessUnitBytes: ArrayLike<number>;
}

/** The lowest level whose frame size and macroblock rate admit width x height at frameRate. */
export function chooseLevel(width: number, height: number, frameRate: number): LevelLimits {
  const facts = { widthInMbs: Math.ceil(width / 16), heightInMbs: Math.ceil(height / 16), frameRate, accessUnitBytes: [] };
  const level = LEVELS.find((l) => formatViolation(l, facts) === undefined);
  if (!level) {
    throw new H264SizeError(`${width}x${height} at ${frameRate} frames/s exceeds H.264 level 6.2 (at most 139264 macroblocks, 1055 a side, 16711680 per second, 300 frames/s)`, 'frame size');
  }
  return level;
}

/** The lowest level that holds the whole stream (size, rate, every picture, the bit rate and buffer), or undefined. */
export function streamLevel(facts: StreamFacts): LevelLimits | undefined {
  return LEVELS.find((l) => levelViolation(l, facts) === undefined);
}

/** Why the stream exceeds `level` (the first limit it breaks, in words), or undefined if it stays within. */
export function levelViolation(level: LevelLimits, facts: StreamFacts): string | undefined {
  return formatViolation(level, facts) ?? pictureViolation(level, facts) ?? bitrateViolation(level, facts);
}

/** A.3.1 items a, e, f, g: frame size, sides, and the frame interval against MaxMBPS and fR. */
function formatViolation(level: LevelLimits, { widthInMbs, heightInMbs, frameRate }: StreamFacts): string | undefined {
  const frameMbs = widthInMbs * heightInMbs;
  if (frameMbs > level.maxFs) return `${frameMbs} macroblocks a frame, over MaxFS ${level.maxFs}`;
  if (Math.max(widthInMbs, heightInMbs) ** 2 > 8 * level.maxFs) return `a side of ${Math.max(widthInMbs, heightInMbs)} macroblocks, over sqrt(8 * MaxFS)`;
  if (frameMbs * frameRate > level.maxMbps) return `${Math.round(frameMbs * frameRate)} macroblocks a second, over MaxMBPS ${level.maxMbps}`;
  if (frameRate > 1 / minimumInterval(level)) return `${frameRate} frames a second, over ${1 / minimumInterval(level)}`;
  return undefined;
}

/** fR of A.3: the shortest frame interval, 1/300 s at levels 6 to 6.2, else 1/172 s. */
function minimumInterval(level: LevelLimits): number {
  return level.levelIdc >= 60 ? 1 / 300 : 1 / 172;
}

/** A.3.1 items c and d: each access unit's bytes against 384 bytes a macroblock, at MaxMBPS over the frame interval, / MinCR. */
function pictureViolation(level: LevelLimits, { widthInMbs, heightInMbs, frameRate, accessUnitBytes }: StreamFacts): string | undefined {
  const first = (384 * Math.max(widthInMbs * heightInMbs, minimumInterval(level) * level.maxMbps)) / level.minCr;
  const others = (384 * level.maxMbps) / frameRate / level.minCr;
  for (let n = 0; n < accessUnitBytes.length; n++) {
    const limit = n === 0 ? first : others;
    if (accessUnitBytes[n] > limit) return `picture ${n} takes ${accessUnitBytes[n]} bytes, over the ${Math.floor(limit)} MinCR ${level.minCr} allows`;
  }
  return undefined;
}

/**
 * MaxBR as a limit on every second: the bits of any ceil(frameRate) consecutive pictures. This also
 * keeps the buffer: the inferred HRD (bit rate R = 1000 * MaxBR, buffer B = 1000 * MaxCPB, variable
 * rate, initial delay up to B / R) never underflows, because B >= R at every level of Table A-1, so
 * the delay is >= 1 s: m consecutive pictures take at most R * ceil(m / ceil(frameRate)) bits, no
 * more than the R * (B / R + (m - 1) / frameRate) that can arrive before the last one's removal.
 */
function bitrateViolation(level: LevelLimits, { frameRate, accessUnitBytes }: StreamFacts): string | undefined {
  const window = Math.ceil(frameRate), limit = 1000 * level.maxBitrate;
  let bits = 0;
  for (let n = 0; n < accessUnitBytes.length; n++) {
    bits += 8 * accessUnitBytes[n];
    if (n >= window) bits -= 8 * accessUnitBytes[n - window];
    if (bits > limit) return `${bits} bits in the second ending at picture ${n}, over MaxBR ${level.maxBitrate} kbit/s`;
  }
  return undefined;
}
