// Quantisation tables: DQT stores them raw; at the start of the scan each component gets a
// float copy pre-multiplied by the AAN IDCT's scale factors and 1/8, so the entropy decoder
// dequantises and pre-scales a coefficient with one multiply, next to where it goes (a plan).
// At a reduced scale a component decoded with n x n samples per block (n = 4, 2, 1) keeps only
// its n x n lowest coefficients: they get the plain IDCT's normalisation C(u) C(v) / 4 (times 16
// for samples in 1/16 levels) and a place in an n x n row-major block; the others a multiplier of
// 0 and a place past the block, never read (scaled IDCT: ITU-T T.81 A.3.3 with u, v < n, sampled
// at the centres of n x n cells).
// see: ITU-T T.81 B.2.4.1 (DQT); Arai, Agui, Nakajima (1988) for the scale factors
// (the same float IDCT as IJG libjpeg's jidctflt.c).
import { BAD_SEGMENT, MISSING_TABLE, OK } from "./codes";
import { ZIGZAG } from "../jpeg-tables";
import { TRANSPOSED_OFFSET } from "./zigzag";

/** Raw tables 0..3: 64 u16 each, in zigzag order as DQT sends them. */
const RAW = memory.data(4 * 64 * 2, 16);
let definedMask: i32 = 0;

/**
 * Per frame component, what the entropy decoder does with the k-th zigzag coefficient, in one
 * 8-byte entry so one pointer serves both: where it goes in the IDCT's f32 block (u32 byte
 * offset) and its multiplier (f32: the quantiser times the IDCT's scale factors).
 */
const COEFFICIENT_PLANS = memory.data(3 * 64 * 8, 16);
const PLAN_POSITION: usize = 0;
const PLAN_MULTIPLIER: usize = 4;

/** cos(k*pi/16) * sqrt(2) for k > 0, 1 for k = 0. */
const AAN_SCALE = memory.data<f32>([
  1.0, 1.387039845, 1.306562965, 1.175875602, 1.0, 0.785694958, 0.5411961, 0.275899379,
]);

export function resetQuant(): void {
  definedMask = 0;
}

/** Parses a DQT segment body (one or more tables); returns OK or BAD_SEGMENT. */
export function parseQuantTables(body: usize, length: i32): i32 {
  let at = 0;
  while (at < length) {
    const head = <i32>load<u8>(body + <usize>at);
    const wide = head >> 4;
    const id = head & 15;
    const size = wide ? 128 : 64;
    if (wide > 1 || id > 3 || at + 1 + size > length) return BAD_SEGMENT;
    const table = RAW + <usize>(id << 7);
    const values = body + <usize>(at + 1);
    for (let k = 0; k < 64; k++) {
      const q = wide ? (<i32>load<u8>(values + <usize>(2 * k)) << 8) | <i32>load<u8>(values + <usize>(2 * k + 1)) : <i32>load<u8>(values + <usize>k);
      store<u16>(table + <usize>(k << 1), <u16>q);
    }
    definedMask |= 1 << id;
    at += 1 + size;
  }
  return OK;
}

/** Builds component `c`'s plan for the full IDCT (transposed, AAN-scaled) from raw table `id`; MISSING_TABLE if never defined. */
export function prepareScaledTable(c: i32, id: i32): i32 {
  if ((definedMask & (1 << id)) == 0) return MISSING_TABLE;
  const raw = RAW + <usize>(id << 7);
  const plan = coefficientPlan(c);
  for (let k = 0; k < 64; k++) {
    const n = <i32>load<u8>(ZIGZAG + <usize>k);
    const scale = load<f32>(AAN_SCALE + <usize>((n >> 3) << 2)) * load<f32>(AAN_SCALE + <usize>((n & 7) << 2)) * 0.125;
    setPlan(plan, k, <i32>load<u16>(TRANSPOSED_OFFSET + <usize>(k << 1)), <f32>load<u16>(raw + <usize>(k << 1)) * scale);
  }
  return OK;
}

/** Component `c`'s coefficient plan: 64 entries in zigzag order, see COEFFICIENT_PLANS. */
@inline export function coefficientPlan(c: i32): usize {
  return COEFFICIENT_PLANS + <usize>(c << 9);
}

@inline function setPlan(plan: usize, k: i32, position: i32, multiplier: f32): void {
  store<u32>(plan + (<usize>k << 3), position, PLAN_POSITION);
  store<f32>(plan + (<usize>k << 3), multiplier, PLAN_MULTIPLIER);
}

/** Where the k-th coefficient of a plan goes in the IDCT's block (a byte offset). */
@inline export function planPosition(plan: usize, k: i32): usize {
  return <usize>load<u32>(plan + (<usize>k << 3), PLAN_POSITION);
}

/** The k-th coefficient's multiplier in a plan. */
@inline export function planMultiplier(plan: usize, k: i32): f32 {
  return load<f32>(plan + (<usize>k << 3), PLAN_MULTIPLIER);
}

/** Where a coefficient that is not used goes: just past the 64 floats of a block. */
export const UNUSED_POSITION: i32 = 256;

/** cos(pi/4): the 2-point IDCT's only factor, folded into its multipliers. */
const COS_QUARTER: f32 = 0.70710678;

/**
 * Component `c`'s plan for n x n samples per block (n = 8, 4, 2 or 1) from raw table `id`
 * (defined: checked at parse). n = 8 is the full IDCT's (transposed, AAN-scaled); `fine` scales
 * the samples to 1/16 levels (n < 8 only).
 */
export function prepareReducedTable(c: i32, id: i32, n: i32, fine: bool): void {
  if (n == 8) {
    prepareScaledTable(c, id);
    return;
  }
  const raw = RAW + <usize>(id << 7);
  const plan = coefficientPlan(c);
  for (let k = 0; k < 64; k++) {
    const natural = <i32>load<u8>(ZIGZAG + <usize>k);
    const u = natural & 7;
    const v = natural >> 3;
    let multiplier: f32 = 0;
    let position = UNUSED_POSITION;
    if (u < n && v < n) {
      multiplier = <f32>load<u16>(raw + <usize>(k << 1)) * basisFactor(u, n) * basisFactor(v, n) * 0.25 * (fine ? 16 : 1);
      position = (v * n + u) << 2;
    }
    setPlan(plan, k, position, multiplier);
  }
}

/** C(u) of the IDCT (1/sqrt 2 for u = 0), times cos(pi/4) for the 2-point IDCT's u = 1. */
@inline function basisFactor(u: i32, n: i32): f32 {
  if (u == 0) return COS_QUARTER;
  return n == 2 ? COS_QUARTER : 1;
}
