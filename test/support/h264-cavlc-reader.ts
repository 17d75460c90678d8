// residual_block_cavlc() read the plain way, for the test-side slice reader: coeff_token,
// trailing-one signs, levels (level_prefix / level_suffix with the adaptive suffixLength),
// total_zeros and run_before, each VLC looked up bit by bit in the standard's tables.
// see: ITU-T H.264 (08/2021) clause 7.3.5.3.2 (syntax), 9.2 (parsing), 9.2.2.1 (level_prefix at
// most 15 in the Baseline profile).
import { COEFF_TOKEN_TABLES, RUN_BEFORE_TABLES, TOTAL_ZEROS_TABLES } from './h264-cavlc-tables';
import type { BitReader } from './h264-syntax';

/** A VLC: (code length << 16 | code) -> the values it stands for. */
type Vlc = Map<number, number[]>;

/** `value[:value]:code` entries (codes as bit strings) -> a VLC. */
function vlcOf(entries: string): Vlc {
  const map: Vlc = new Map();
  for (const entry of entries.split(' ')) {
    const parts = entry.split(':');
    const code = parts[parts.length - 1];
    map.set((code.length << 16) | parseInt(code, 2), parts.slice(0, -1).map(Number));
  }
  return map;
}

const COEFF_TOKEN = COEFF_TOKEN_TABLES.map(vlcOf);
const TOTAL_ZEROS = TOTAL_ZEROS_TABLES.map((t) => (t ? vlcOf(t) : new Map()));
const RUN_BEFORE = RUN_BEFORE_TABLES.map((t) => (t ? vlcOf(t) : new Map()));

/** Reads bits until they spell a code of `vlc`. */
function readVlc(reader: BitReader, vlc: Vlc, what: string): number[] {
  let code = 0;
  for (let length = 1; length <= 16; length++) {
    code = code * 2 + reader.u(1);
    const values = vlc.get((length << 16) | code);
    if (values) return values;
  }
  throw new Error(`${what}: no code starts with ${code.toString(2).padStart(16, '0')}`);
}

/** coeff_token for nC >= 0: [TotalCoeff, TrailingOnes]. */
function readCoeffToken(reader: BitReader, nC: number): [number, number] {
  if (nC >= 8) {
    const code = reader.u(6);
    if (code === 3) return [0, 0];
    return [(code >> 2) + 1, code & 3];
  }
  const [total, ones] = readVlc(reader, COEFF_TOKEN[nC < 2 ? 0 : nC < 4 ? 1 : 2], `coeff_token (nC ${nC})`);
  return [total, ones];
}

/**
 * One residual block of up to `maxNumCoeff` coefficients (16, or 15 for Intra16x16ACLevel), nC >= 0;
 * returns TotalCoeff. Throws on syntax a conforming Baseline stream cannot have.
 */
export function readResidualBlock(reader: BitReader, nC: number, maxNumCoeff: number): number {
  const [totalCoeff, trailingOnes] = readCoeffToken(reader, nC);
  if (totalCoeff > maxNumCoeff) throw new Error(`TotalCoeff ${totalCoeff} in a block of ${maxNumCoeff} coefficients`);
  if (totalCoeff === 0) return 0;
  let suffixLength = totalCoeff > 10 && trailingOnes < 3 ? 1 : 0;
  for (let i = 0; i < totalCoeff; i++) {
    if (i < trailingOnes) {
      reader.u(1); // trailing_ones_sign_flag
      continue;
    }
    let prefix = 0;
    while (reader.u(1) === 0) prefix++;
    if (prefix > 15) throw new Error(`level_prefix ${prefix}: the Baseline profile allows at most 15 (clause 9.2.2.1)`);
    let levelCode = Math.min(15, prefix) << suffixLength;
    const suffixSize = prefix === 14 && suffixLength === 0 ? 4 : prefix >= 15 ? prefix - 3 : suffixLength;
    if (suffixLength > 0 || prefix >= 14) levelCode += suffixSize > 0 ? reader.u(suffixSize) : 0;
    if (prefix >= 15 && suffixLength === 0) levelCode += 15;
    if (i === trailingOnes && trailingOnes < 3) levelCode += 2;
    const level = levelCode % 2 === 0 ? (levelCode + 2) >> 1 : (-levelCode - 1) >> 1;
    if (suffixLength === 0) suffixLength = 1;
    if (Math.abs(level) > 3 << (suffixLength - 1) && suffixLength < 6) suffixLength++;
  }
  let zerosLeft = 0;
  if (totalCoeff < maxNumCoeff) [zerosLeft] = readVlc(reader, TOTAL_ZEROS[totalCoeff], `total_zeros (TotalCoeff ${totalCoeff})`);
  if (zerosLeft + totalCoeff > maxNumCoeff) throw new Error(`total_zeros ${zerosLeft} with ${totalCoeff} coefficients overruns a block of ${maxNumCoeff}`);
  for (let i = 0; i < totalCoeff - 1 && zerosLeft > 0; i++) {
    const [run] = readVlc(reader, RUN_BEFORE[Math.min(zerosLeft, 7)], `run_before (zerosLeft ${zerosLeft})`);
    if (run > zerosLeft) throw new Error(`run_before ${run} exceeds zerosLeft ${zerosLeft}`);
    zerosLeft -= run;
  }
  return totalCoeff;
}
