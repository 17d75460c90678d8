// Quantisation tables: DQT stores them raw; at the start of the scan each component gets a
// float copy pre-multiplied by the AAN IDCT's scale factors and 1/8, so the entropy decoder
// dequantises and pre-scales a coefficient with one multiply.
// see: ITU-T T.81 B.2.4.1 (DQT); Arai, Agui, Nakajima (1988) for the scale factors
// (the same float IDCT as IJG libjpeg's jidctflt.c).
import { BAD_SEGMENT, MISSING_TABLE, OK } from "./codes";
import { ZIGZAG } from "../jpeg-tables";

/** Raw tables 0..3: 64 u16 each, in zigzag order as DQT sends them. */
const RAW = memory.data(4 * 64 * 2, 16);
let definedMask: i32 = 0;

/** Scaled float tables, one per frame component: 64 f32 each, in zigzag order. */
const SCALED = memory.data(3 * 64 * 4, 16);

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

/** Builds component `c`'s scaled table from raw table `id`; MISSING_TABLE if never defined. */
export function prepareScaledTable(c: i32, id: i32): i32 {
  if ((definedMask & (1 << id)) == 0) return MISSING_TABLE;
  const raw = RAW + <usize>(id << 7);
  const scaled = scaledTable(c);
  for (let k = 0; k < 64; k++) {
    const n = <i32>load<u8>(ZIGZAG + <usize>k);
    const scale = load<f32>(AAN_SCALE + <usize>((n >> 3) << 2)) * load<f32>(AAN_SCALE + <usize>((n & 7) << 2)) * 0.125;
    store<f32>(scaled + <usize>(k << 2), <f32>load<u16>(raw + <usize>(k << 1)) * scale);
  }
  return OK;
}

/** Component `c`'s scaled table (64 f32, zigzag order). */
@inline export function scaledTable(c: i32): usize {
  return SCALED + <usize>(c << 8);
}
