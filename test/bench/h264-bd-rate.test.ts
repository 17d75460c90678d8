// The Bjontegaard delta rate of bench/bd-rate.ts against curves whose answer is known in closed form.
import assert from 'node:assert/strict';
import { bdRate, fitCubic, type RatePoint } from '../../bench/bd-rate';

/** Points of log(rate) = f(psnr) at the given PSNRs. */
const curve = (psnrs: number[], logRate: (psnr: number) => number): RatePoint[] => psnrs.map((psnr) => ({ psnr, rate: Math.exp(logRate(psnr)) }));

describe('BD-rate (Bjontegaard, VCEG-M33)', () => {
  const anchor = curve([30, 33, 36, 39], (p) => 0.01 * p * p + 1);

  it('is 1 for the same curve, and the factor for a curve at a constant multiple of the rate', () => {
    assert.ok(Math.abs(bdRate(anchor, anchor).ratio - 1) < 1e-12);
    const scaled = anchor.map((p) => ({ psnr: p.psnr, rate: p.rate * 1.2 }));
    assert.ok(Math.abs(bdRate(anchor, scaled).ratio - 1.2) < 1e-9);
    assert.ok(Math.abs(bdRate(scaled, anchor).ratio - 1 / 1.2) < 1e-9);
  });

  it('averages the log-rate difference over the PSNR range both curves cover', () => {
    // 1 dB better at the same rate: log-rate difference 0.01 * ((p - 1)^2 - p^2) = -0.02 p + 0.01, mean over 31..39 at p = 35.
    const better = anchor.map((p) => ({ psnr: p.psnr + 1, rate: p.rate }));
    const result = bdRate(anchor, better);
    assert.deepEqual([result.psnrLow, result.psnrHigh], [31, 39]);
    assert.ok(Math.abs(result.ratio - Math.exp(-0.02 * 35 + 0.01)) < 1e-9);
  });

  it('fits a cubic exactly through 4 points and by least squares through more, whatever their order', () => {
    const cubic = (p: number) => 2 - 0.5 * p + 0.03 * p * p - 0.0004 * p ** 3;
    const exact = fitCubic([39, 30, 36, 33], [39, 30, 36, 33].map(cubic));
    const value = (x: number) => exact.c.reduce((sum, c, i) => sum + c * (x - exact.centre) ** i, 0);
    for (const x of [30, 31.5, 37]) assert.ok(Math.abs(value(x) - cubic(x)) < 1e-9);
    const five = bdRate(curve([30, 32, 34, 36, 38], cubic), curve([30, 32, 34, 36, 38], (p) => cubic(p) + Math.log(1.5)));
    assert.ok(Math.abs(five.ratio - 1.5) < 1e-9);
  });

  it('is NaN when the curves share no PSNR range, and refuses fewer than 4 distinct PSNRs', () => {
    assert.ok(Number.isNaN(bdRate(anchor, curve([40, 41, 42, 43], (p) => p)).ratio));
    assert.throws(() => bdRate(anchor, anchor.slice(0, 3)), /4 points of distinct PSNR/);
    assert.throws(() => bdRate(anchor, curve([30, 33, 33, 39], (p) => p)), /4 points of distinct PSNR/);
  });
});
