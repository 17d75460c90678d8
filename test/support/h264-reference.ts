// Plain, scalar references of the H.264 pieces the WebAssembly encoder implements, written from
// the formulas of ITU-T H.264 (08/2021) as directly as possible, for comparison in tests.
// Blocks are 4x4 arrays in raster order: index = row * 4 + column.

/** Forward core transform W = Cf X Cf^T (Richardson, 2nd ed., 7.2.3), by matrix products. */
export function forward4x4(x: readonly number[]): number[] {
  const cf = [
    [1, 1, 1, 1],
    [2, 1, -1, -2],
    [1, -1, -1, 1],
    [1, -2, 2, -1],
  ];
  const product = (a: number[][], b: number[][]) => a.map((row, i) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
  const transpose = (m: number[][]) => m[0].map((_, j) => m.map((row) => row[j]));
  return product(product(cf, toMatrix(x)), transpose(cf)).flat();
}

/** Clause 8.5.9 normAdjust4x4: v[m][0] at even/even, v[m][1] at odd/odd, v[m][2] elsewhere. */
const V = [
  [10, 16, 13],
  [11, 18, 14],
  [13, 20, 16],
  [14, 23, 18],
  [16, 25, 20],
  [18, 29, 23],
];
const MF = [
  [13107, 5243, 8066],
  [11916, 4660, 7490],
  [10082, 4194, 6554],
  [9362, 3647, 5825],
  [8192, 3355, 5243],
  [7282, 2893, 4559],
];

function positionClass(index: number): number {
  const i = index >> 2, j = index & 3;
  if (i % 2 === 0 && j % 2 === 0) return 0;
  return i % 2 === 1 && j % 2 === 1 ? 1 : 2;
}

/** LevelScale4x4(m, i, j) with flat weights (Flat_4x4_16): 16 * normAdjust4x4. */
function levelScale(qp: number, index: number): number {
  return 16 * V[qp % 6][positionClass(index)];
}

/** The encoder's quantiser: sign(W) * min(2047, (|W| * MF + f) >> (15 + qP / 6)), f = 2^qbits / 3 or / 6. */
export function quantize4x4(w: readonly number[], qp: number, intra: boolean): number[] {
  const qbits = 15 + Math.floor(qp / 6);
  const f = Math.floor(2 ** qbits / (intra ? 3 : 6));
  return w.map((c, index) => {
    const level = Math.min(2047, Math.floor((Math.abs(c) * MF[qp % 6][positionClass(index)] + f) / 2 ** qbits));
    return c < 0 ? 0 - level : level;
  });
}

/** Clause 8.5.12.1, as written: for qP >= 24 a left shift, below a rounded right shift. */
export function dequantize4x4(c: readonly number[], qp: number): number[] {
  const e = Math.floor(qp / 6);
  return c.map((value, index) => {
    const scaled = value * levelScale(qp, index);
    return qp >= 24 ? scaled * 2 ** (e - 4) : Math.floor((scaled + 2 ** (3 - e)) / 2 ** (4 - e));
  });
}

/** Clause 8.5.12.2: rows, then columns, r = (h + 32) >> 6. */
export function inverse4x4(d: readonly number[]): number[] {
  const m = toMatrix(d);
  const f = m.map((row) => {
    const e = [row[0] + row[2], row[0] - row[2], (row[1] >> 1) - row[3], row[1] + (row[3] >> 1)];
    return [e[0] + e[3], e[1] + e[2], e[1] - e[2], e[0] - e[3]];
  });
  const h = [0, 1, 2, 3].map((j) => {
    const g = [f[0][j] + f[2][j], f[0][j] - f[2][j], (f[1][j] >> 1) - f[3][j], f[1][j] + (f[3][j] >> 1)];
    return [g[0] + g[3], g[1] + g[2], g[1] - g[2], g[0] - g[3]];
  });
  return [0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].map((j) => (h[j][i] + 32) >> 6));
}

/** Clip1Y for 8-bit samples. */
export function clip1(value: number): number {
  return Math.min(255, Math.max(0, value));
}

const HADAMARD = [
  [1, 1, 1, 1],
  [1, 1, -1, -1],
  [1, -1, -1, 1],
  [1, -1, 1, -1],
];

function hadamard(m: readonly number[]): number[] {
  const product = (a: number[][], b: number[][]) => a.map((row, i) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
  return product(product(HADAMARD, toMatrix(m)), HADAMARD).flat();
}

/** The encoder's luma DC stage: Y = (H W H) >> 1, level = sign(Y) * min(2047, (|Y| * MF00 + 2f) >> (qbits + 1)). */
export function forwardLumaDc(dc: readonly number[], qp: number): number[] {
  const qbits = 15 + Math.floor(qp / 6);
  const f = Math.floor(2 ** qbits / 3);
  return hadamard(dc).map((t) => {
    const y = t >> 1;
    const level = Math.min(2047, Math.floor((Math.abs(y) * MF[qp % 6][0] + 2 * f) / 2 ** (qbits + 1)));
    return y < 0 ? 0 - level : level;
  });
}

/** Clause 8.5.10: f = H c H, then dcY scaled by LevelScale4x4(qP % 6, 0, 0). */
export function inverseLumaDc(c: readonly number[], qp: number): number[] {
  const e = Math.floor(qp / 6);
  const scale = levelScale(qp, 0);
  return hadamard(c).map((f) => (qp >= 36 ? f * scale * 2 ** (e - 6) : Math.floor((f * scale + 2 ** (5 - e)) / 2 ** (6 - e))));
}

/**
 * Clause 8.3.3: Intra_16x16 prediction of mode 0..3 from p(x, y), the reconstructed neighbours
 * (x = -1 column, y = -1 row; p(-1, -1) the corner). Returns 256 samples in raster order.
 */
export function predictIntra16(mode: number, p: (x: number, y: number) => number, hasLeft: boolean, hasTop: boolean): number[] {
  const out: number[] = [];
  const sum = (f: (k: number) => number) => Array.from({ length: 16 }, (_, k) => f(k)).reduce((a, b) => a + b, 0);
  const H = sum((k) => (k < 8 ? (k + 1) * (p(8 + k, -1) - p(6 - k, -1)) : 0));
  const Vs = sum((k) => (k < 8 ? (k + 1) * (p(-1, 8 + k) - p(-1, 6 - k)) : 0));
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) {
      if (mode === 0) out.push(p(x, -1));
      else if (mode === 1) out.push(p(-1, y));
      else if (mode === 2) {
        if (hasLeft && hasTop) out.push((sum((k) => p(k, -1)) + sum((k) => p(-1, k)) + 16) >> 5);
        else if (hasTop) out.push((sum((k) => p(k, -1)) + 8) >> 4);
        else if (hasLeft) out.push((sum((k) => p(-1, k)) + 8) >> 4);
        else out.push(128);
      } else {
        const a = 16 * (p(-1, 15) + p(15, -1));
        const b = (5 * H + 32) >> 6;
        const c = (5 * Vs + 32) >> 6;
        out.push(clip1((a + b * (x - 7) + c * (y - 7) + 16) >> 5));
      }
    }
  }
  return out;
}

/**
 * Clause 8.3.1.2: Intra_4x4 prediction of mode 0..8 from p(x, y) (x = -1..7 on row y = -1, y = -1..3
 * on column x = -1), p[4..7, -1] replaced by p[3, -1] when the top-right block is not available.
 * Returns 16 samples in raster order.
 */
export function predictIntra4(mode: number, p: (x: number, y: number) => number, hasLeft: boolean, hasTop: boolean, hasTopRight: boolean): number[] {
  const q = (x: number, y: number) => (y === -1 && x >= 4 && !hasTopRight ? p(3, -1) : p(x, y));
  const filter = (a: number, b: number, c: number) => (a + 2 * b + c + 2) >> 2;
  const out: number[] = [];
  for (let y = 0; y < 4; y++) {
    for (let x = 0; x < 4; x++) {
      const zVR = 2 * x - y, zHD = 2 * y - x, zHU = x + 2 * y;
      let v: number;
      if (mode === 0) v = q(x, -1);
      else if (mode === 1) v = q(-1, y);
      else if (mode === 2) {
        const top = q(0, -1) + q(1, -1) + q(2, -1) + q(3, -1), left = q(-1, 0) + q(-1, 1) + q(-1, 2) + q(-1, 3);
        v = hasLeft && hasTop ? (top + left + 4) >> 3 : hasTop ? (top + 2) >> 2 : hasLeft ? (left + 2) >> 2 : 128;
      } else if (mode === 3) {
        v = x === 3 && y === 3 ? (q(6, -1) + 3 * q(7, -1) + 2) >> 2 : filter(q(x + y, -1), q(x + y + 1, -1), q(x + y + 2, -1));
      } else if (mode === 4) {
        if (x > y) v = filter(q(x - y - 2, -1), q(x - y - 1, -1), q(x - y, -1));
        else if (x < y) v = filter(q(-1, y - x - 2), q(-1, y - x - 1), q(-1, y - x));
        else v = filter(q(0, -1), q(-1, -1), q(-1, 0));
      } else if (mode === 5) {
        if (zVR >= 0 && zVR % 2 === 0) v = (q(x - (y >> 1) - 1, -1) + q(x - (y >> 1), -1) + 1) >> 1;
        else if (zVR > 0) v = filter(q(x - (y >> 1) - 2, -1), q(x - (y >> 1) - 1, -1), q(x - (y >> 1), -1));
        else if (zVR === -1) v = filter(q(-1, 0), q(-1, -1), q(0, -1));
        else v = filter(q(-1, y - 1), q(-1, y - 2), q(-1, y - 3));
      } else if (mode === 6) {
        if (zHD >= 0 && zHD % 2 === 0) v = (q(-1, y - (x >> 1) - 1) + q(-1, y - (x >> 1)) + 1) >> 1;
        else if (zHD > 0) v = filter(q(-1, y - (x >> 1) - 2), q(-1, y - (x >> 1) - 1), q(-1, y - (x >> 1)));
        else if (zHD === -1) v = filter(q(-1, 0), q(-1, -1), q(0, -1));
        else v = filter(q(x - 1, -1), q(x - 2, -1), q(x - 3, -1));
      } else if (mode === 7) {
        v = y % 2 === 0 ? (q(x + (y >> 1), -1) + q(x + (y >> 1) + 1, -1) + 1) >> 1 : filter(q(x + (y >> 1), -1), q(x + (y >> 1) + 1, -1), q(x + (y >> 1) + 2, -1));
      } else {
        if (zHU > 5) v = q(-1, 3);
        else if (zHU === 5) v = (q(-1, 2) + 3 * q(-1, 3) + 2) >> 2;
        else if (zHU % 2 === 0) v = (q(-1, y + (x >> 1)) + q(-1, y + (x >> 1) + 1) + 1) >> 1;
        else v = filter(q(-1, y + (x >> 1)), q(-1, y + (x >> 1) + 1), q(-1, y + (x >> 1) + 2));
      }
      out.push(v);
    }
  }
  return out;
}

/** Sum of absolute differences of two equally long sample lists. */
export function sad(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, i) => sum + Math.abs(value - b[i]), 0);
}

function toMatrix(values: readonly number[]): number[][] {
  return [0, 1, 2, 3].map((i) => values.slice(i * 4, i * 4 + 4));
}
