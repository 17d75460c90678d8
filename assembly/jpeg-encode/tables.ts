// The luminance tables the encoder writes, taken from the shared standard tables.
// see: ITU-T T.81 Annex K, Tables K.1, K.3 and K.5.
import { STD_AC_LUMA, STD_DC_LUMA } from "../jpeg-tables";

export { LUMA_QUANT, ZIGZAG } from "../jpeg-tables";

/** Table K.3: number of DC luminance codes of each length 1..16. */
export const DC_BITS: usize = STD_DC_LUMA;
/** Table K.3: DC luminance symbols (magnitude categories) in code order. */
export const DC_VALUES: usize = STD_DC_LUMA + 16;
export const DC_VALUE_COUNT: i32 = 12;

/** Table K.5: number of AC luminance codes of each length 1..16. */
export const AC_BITS: usize = STD_AC_LUMA;
/** Table K.5: AC luminance symbols (run << 4 | size) in code order. */
export const AC_VALUES: usize = STD_AC_LUMA + 16;
export const AC_VALUE_COUNT: i32 = 162;
