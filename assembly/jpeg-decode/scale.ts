// Decoding at 1/k scale (k = 1, 2, 4, 8): with how many samples per block side each component is
// decoded, and how its samples are replicated to the output grid of ceil(w/k) x ceil(h/k) samples.
// A component sampled rho = maxH/h times more coarsely across (and maxV/v down) covers 8 rho frame
// pixels per block, 8 rho / k output samples. It is decoded with n = 8/k * g samples per block
// side, g the largest power of two that divides both of its ratios and is at most k, then
// replicated rho/g times: so 4:2:0 chroma at 1/2 is decoded at full size (n = 8, the same samples
// as the full-size decode) and needs no replication. The first component (luma) is kept in 1/16
// levels at a reduced scale and is decoded with a reduced IDCT (n <= 4; g <= k/2).
// see: ITU-T T.81 A.1.1 (sampling factors); IJG libjpeg 9 jdmaster.c (DCT scaling per component).
import { prepareReducedTable } from "./quant";
import * as state from "./state";
import { C_H, C_N, C_RH, C_RV, C_SIZE, C_TQ, C_V, comp, setComp } from "./state";

/** The largest power of two that divides both a and b (1, 2 or 4 for ratios 1..4). */
@inline function commonPowerOfTwo(a: i32, b: i32): i32 {
  return min(a & -a, b & -b);
}

/** Sets every component's decoding (C_N, C_RH, C_RV, C_SIZE) and coefficient plan for scale 1/k. */
export function planScale(k: i32): void {
  for (let c = 0; c < state.componentCount; c++) {
    const rhoH = state.maxH / comp(c, C_H);
    const rhoV = state.maxV / comp(c, C_V);
    const fine = k > 1 && c == 0;
    const g = k == 1 ? 1 : min(commonPowerOfTwo(rhoH, rhoV), fine ? k >> 1 : k);
    const n = (8 / k) * g;
    setComp(c, C_N, n);
    setComp(c, C_RH, rhoH / g);
    setComp(c, C_RV, rhoV / g);
    setComp(c, C_SIZE, fine ? 2 : 1);
    prepareReducedTable(c, comp(c, C_TQ), n, fine);
  }
}
