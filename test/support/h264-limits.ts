// The level limits of ITU-T H.264 (08/2021) A.3.1 as the tests hold streams to them, written from
// the standard on their own (not the encoder's level.ts): the macroblock and vector limits read
// from the stream itself (h264-slice-reader.ts), and the size, rate and buffer limits of the
// signalled level. Table A-1, Baseline profile (MaxBR and MaxCPB in 1000 bits, clause E.2.2 for
// streams without HRD parameters).
import assert from 'node:assert/strict';
import { splitAnnexB } from './annexb';
import { readPictures } from './h264-slice-reader';
import { parseSps } from './h264-syntax';

export interface LevelRow {
  maxMbps: number;
  maxFs: number;
  maxBr: number;
  maxCpb: number;
  maxVmvR: number;
  minCr: number;
}

// level_idc: MaxMBPS, MaxFS, MaxBR, MaxCPB, MaxVmvR, MinCR (Table A-1; level 1b left out).
const ROWS: Record<number, [number, number, number, number, number, number]> = {
  10: [1485, 99, 64, 175, 64, 2], 11: [3000, 396, 192, 500, 128, 2], 12: [6000, 396, 384, 1000, 128, 2], 13: [11880, 396, 768, 2000, 128, 2],
  20: [11880, 396, 2000, 2000, 128, 2], 21: [19800, 792, 4000, 4000, 256, 2], 22: [20250, 1620, 4000, 4000, 256, 2],
  30: [40500, 1620, 10000, 10000, 256, 2], 31: [108000, 3600, 14000, 14000, 512, 4], 32: [216000, 5120, 20000, 20000, 512, 4],
  40: [245760, 8192, 20000, 25000, 512, 4], 41: [245760, 8192, 50000, 62500, 512, 2], 42: [522240, 8704, 50000, 62500, 512, 2],
  50: [589824, 22080, 135000, 135000, 512, 2], 51: [983040, 36864, 240000, 240000, 512, 2], 52: [2073600, 36864, 240000, 240000, 512, 2],
  60: [4177920, 139264, 240000, 240000, 8192, 2], 61: [8355840, 139264, 480000, 480000, 8192, 2], 62: [16711680, 139264, 800000, 800000, 8192, 2],
};

/** Table A-1's row of a level_idc (Baseline, constraint_set3_flag 0). */
export function levelRow(levelIdc: number): LevelRow {
  const row = ROWS[levelIdc];
  if (!row) throw new Error(`level_idc ${levelIdc} is not a level of Table A-1`);
  const [maxMbps, maxFs, maxBr, maxCpb, maxVmvR, minCr] = row;
  return { maxMbps, maxFs, maxBr, maxCpb, maxVmvR, minCr };
}

/** A.3.1 items k, l, n over every macroblock of an Annex B stream: vector ranges of its level, at most 3200 bits each. */
export function assertMacroblockLimits(stream: Uint8Array, label: string): void {
  const nals = splitAnnexB(stream);
  const sps = nals.find((nal) => (nal[0] & 31) === 7);
  assert.ok(sps, `${label}: no SPS`);
  const { levelIdc } = parseSps(sps);
  const { maxVmvR } = levelRow(levelIdc);
  const maxH = levelIdc >= 60 ? 8192 : 2048;
  readPictures(nals).forEach((picture, p) => picture.macroblocks.forEach((mb, i) => {
    const where = `${label}: picture ${p}, macroblock ${i} (${mb.kind})`;
    assert.ok(mb.bits <= 3200, `${where} takes ${mb.bits} bits, over the 3200 of A.3.1 item n`);
    assert.ok(mb.mvY >= -4 * maxVmvR && mb.mvY <= 4 * maxVmvR - 1, `${where}: vertical vector ${mb.mvY / 4} is outside level ${levelIdc}'s [-${maxVmvR}, ${maxVmvR - 0.25}]`);
    assert.ok(mb.mvX >= -4 * maxH && mb.mvX <= 4 * maxH - 1, `${where}: horizontal vector ${mb.mvX / 4} is outside [-${maxH}, ${maxH - 0.25}]`);
  }));
}

export interface StreamShape {
  levelIdc: number;
  widthInMbs: number;
  heightInMbs: number;
  frameRate: number;
  /** Bytes of each picture (its sample), decoding order. */
  pictureBytes: readonly number[];
}

/**
 * A.3.1 over a whole stream against its signalled level: frame size and sides (MaxFS), macroblock
 * rate (MaxMBPS), the bits of every second (MaxBR), the largest picture against the buffer
 * (MaxCPB), and each picture against MinCR (items c and d).
 */
export function assertStreamWithinLevel(stream: StreamShape, label: string): void {
  const { maxMbps, maxFs, maxBr, maxCpb, minCr } = levelRow(stream.levelIdc);
  const frameMbs = stream.widthInMbs * stream.heightInMbs, at = `${label} at level ${stream.levelIdc}`;
  assert.ok(frameMbs <= maxFs && Math.max(stream.widthInMbs, stream.heightInMbs) ** 2 <= 8 * maxFs, `${at}: ${stream.widthInMbs}x${stream.heightInMbs} macroblocks exceed MaxFS ${maxFs}`);
  assert.ok(frameMbs * stream.frameRate <= maxMbps, `${at}: ${frameMbs * stream.frameRate} macroblocks a second exceed MaxMBPS ${maxMbps}`);
  const perSecond = Math.ceil(stream.frameRate);
  for (let first = 0; first < Math.max(1, stream.pictureBytes.length - perSecond + 1); first++) {
    const bits = 8 * stream.pictureBytes.slice(first, first + perSecond).reduce((sum, bytes) => sum + bytes, 0);
    assert.ok(bits <= 1000 * maxBr, `${at}: the second from picture ${first} takes ${bits} bits, over MaxBR ${maxBr} kbit/s`);
  }
  const largest = Math.max(...stream.pictureBytes);
  assert.ok(8 * largest <= 1000 * maxCpb, `${at}: a picture of ${largest} bytes exceeds the MaxCPB buffer of ${maxCpb} kbit`);
  stream.pictureBytes.forEach((bytes, n) => {
    const limit = (384 * (n === 0 ? Math.max(frameMbs, maxMbps / (stream.levelIdc >= 60 ? 300 : 172)) : maxMbps / stream.frameRate)) / minCr;
    assert.ok(bytes <= limit, `${at}: picture ${n} takes ${bytes} bytes, over the ${Math.floor(limit)} MinCR ${minCr} allows`);
  });
}
