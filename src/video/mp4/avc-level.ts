// The level an MP4 signals covers the stream it holds, not only its frame size and rate: once
// every sample's size is known (the muxer and the join know them all before writing the header),
// the SPS's level_idc is raised to the lowest level whose limits hold the whole stream, bit rate
// and coded picture buffer included. Only level_idc changes: slices do not depend on it, so the
// samples stay as they are, and avcC and the codecs string follow the new SPS.
// see: ITU-T H.264 (08/2021) A.3.1 and Table A-1 (src/video/h264/level.ts), 7.4.2.1.1 (level_idc,
// constraint_set3_flag: level 1b in profiles 66, 77 and 88), 7.3.2.1.1 (level_idc is the SPS's
// fourth byte, header included; no emulation prevention byte can come before it).
import { levelViolation, LEVELS, streamLevel, type LevelLimits, type StreamFacts } from '../h264/level';
import { ParameterSetError } from '../errors';
import type { ParameterSets } from './avc-config';
import type { SpsInfo } from './h264-sps';
import type { SampleIndex } from './sample-index';

/** Profiles whose level limits are those of A.3.1 (Baseline, Main, Extended). */
const A31_PROFILES = new Set([66, 77, 88]);
const LEVEL_IDC_AT = 3;
const CONSTRAINT_SET3 = 0x10;
/** Level 1b (level_idc 11 with constraint_set3_flag): level 1's size and rate, 128 kbit/s. */
const LEVEL_1B: LevelLimits = { ...LEVELS[0], levelIdc: 11, maxBitrate: 128, maxCpb: 350 };

export interface FittedParameterSets {
  sets: ParameterSets;
  info: SpsInfo;
}

/**
 * The parameter sets with level_idc raised, if the stream needs it, to the lowest level that holds
 * it (A.3.1 profiles only; a level already high enough stays). Throws ParameterSetError naming
 * `source` when no level holds it (more than level 6.2's 800 Mbit/s, say).
 */
export function fitLevel(sets: ParameterSets, info: SpsInfo, index: SampleIndex, frameRate: number, source: string): FittedParameterSets {
  if (!A31_PROFILES.has(info.profileIdc)) return { sets, info };
  const inBand = sets.sps.length + sets.pps.length + 8;
  const keyframes = new Set(index.keyframes);
  const accessUnitBytes = Array.from(index.sizes, (size, n) => size + (keyframes.has(n) ? inBand : 0));
  const facts: StreamFacts = { widthInMbs: info.widthInMbs, heightInMbs: info.heightInMbs, frameRate, accessUnitBytes };
  const signalled = signalledLevel(info);
  if (signalled && levelViolation(signalled, facts) === undefined) return { sets, info };
  const level = streamLevel(facts);
  if (!level) {
    const why = levelViolation(LEVELS[LEVELS.length - 1], facts);
    throw new ParameterSetError(`the stream exceeds H.264's highest level 6.2 (${why}); a higher QP makes it smaller`, source);
  }
  if (signalled && level.levelIdc <= signalled.levelIdc && signalled !== LEVEL_1B) return { sets, info };
  const sps = Uint8Array.from(sets.sps);
  sps[LEVEL_IDC_AT] = level.levelIdc;
  sps[LEVEL_IDC_AT - 1] &= ~CONSTRAINT_SET3; // 1 would mean level 1b with level_idc 11 (and nothing else in these profiles)
  return { sets: { sps, pps: sets.pps }, info: { ...info, levelIdc: level.levelIdc, constraintFlags: sps[LEVEL_IDC_AT - 1] } };
}

/** The row of Table A-1 the SPS signals, or undefined for a level_idc the table does not have. */
function signalledLevel(info: SpsInfo): LevelLimits | undefined {
  if (info.levelIdc === 11 && (info.constraintFlags & CONSTRAINT_SET3) !== 0) return LEVEL_1B;
  return LEVELS.find((level) => level.levelIdc === info.levelIdc);
}
