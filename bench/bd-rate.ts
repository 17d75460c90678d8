// The Bjontegaard delta rate: how much more (or less) bitrate one encoder needs than another for
// the same quality, averaged over the quality range both curves cover. Each curve's log bitrate is
// fitted as a cubic polynomial of PSNR (least squares: exact through 4 points), both polynomials
// are integrated over the PSNR interval the two curves share, and the mean difference of the log
// rates is the log of the rate ratio.
// see: G. Bjontegaard, "Calculation of average PSNR differences between RD-curves", ITU-T SG16
// Q.6 VCEG-M33, Austin, April 2001.

export interface RatePoint {
  /** Any measure of rate (bytes of the sequence, bits per second): only ratios matter. */
  rate: number;
  /** Quality in dB. */
  psnr: number;
}

export interface BdRate {
  /** test / anchor rate at equal PSNR, averaged (geometric mean) over the shared PSNR range; NaN when there is none. */
  ratio: number;
  /** The PSNR interval both curves cover, in dB. */
  psnrLow: number;
  psnrHigh: number;
}

/** Bjontegaard's rate ratio of `test` against `anchor` (each 4 or more points with distinct PSNRs). */
export function bdRate(anchor: readonly RatePoint[], test: readonly RatePoint[]): BdRate {
  const distinct = (points: readonly RatePoint[]) => new Set(points.map((p) => p.psnr)).size;
  if (distinct(anchor) < 4 || distinct(test) < 4) throw new Error(`BD-rate needs 4 points of distinct PSNR per curve, got ${distinct(anchor)} and ${distinct(test)}`);
  const psnrLow = Math.max(lowest(anchor), lowest(test));
  const psnrHigh = Math.min(highest(anchor), highest(test));
  if (!(psnrHigh > psnrLow)) return { ratio: NaN, psnrLow, psnrHigh };
  const mean = (points: readonly RatePoint[]) => {
    const fit = fitCubic(points.map((p) => p.psnr), points.map((p) => Math.log(p.rate)));
    return (integral(fit, psnrHigh) - integral(fit, psnrLow)) / (psnrHigh - psnrLow);
  };
  return { ratio: Math.exp(mean(test) - mean(anchor)), psnrLow, psnrHigh };
}

const lowest = (points: readonly RatePoint[]) => Math.min(...points.map((p) => p.psnr));
const highest = (points: readonly RatePoint[]) => Math.max(...points.map((p) => p.psnr));

/** A cubic y = c0 + c1 t + c2 t^2 + c3 t^3 in t = x - centre (centred for a well-conditioned fit). */
interface Cubic {
  centre: number;
  c: number[];
}

/** Least-squares cubic through (xs, ys): the normal equations, solved by Gaussian elimination with partial pivoting. */
export function fitCubic(xs: readonly number[], ys: readonly number[]): Cubic {
  const centre = xs.reduce((a, b) => a + b, 0) / xs.length;
  const m = Array.from({ length: 4 }, () => new Array<number>(5).fill(0));
  xs.forEach((x, k) => {
    const t = x - centre;
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) m[i][j] += t ** (i + j);
      m[i][4] += t ** i * ys[k];
    }
  });
  for (let col = 0; col < 4; col++) {
    const pivot = m.slice(col).reduce((best, row, i) => (Math.abs(row[col]) > Math.abs(m[best][col]) ? col + i : best), col);
    [m[col], m[pivot]] = [m[pivot], m[col]];
    if (m[col][col] === 0) throw new Error('the points do not determine a cubic (fewer than 4 distinct x)');
    for (let row = 0; row < 4; row++) {
      if (row === col) continue;
      const factor = m[row][col] / m[col][col];
      for (let k = col; k < 5; k++) m[row][k] -= factor * m[col][k];
    }
  }
  return { centre, c: m.map((row, i) => row[4] / m[i][i]) };
}

/** The antiderivative of the cubic at x. */
function integral(fit: Cubic, x: number): number {
  const t = x - fit.centre;
  return fit.c.reduce((sum, c, i) => sum + (c * t ** (i + 1)) / (i + 1), 0);
}
