// Our encoder against one libx264 preset, from the two rate-quality curves measured on the same
// sequence: the Bjontegaard delta rate over the QPs both ran at (bd-rate.ts), and at our default
// QP's PSNR, libx264's bytes and CPU time read off its curve (bytes interpolated in log scale,
// CPU time linearly, between the two points that bracket that PSNR) to give equal-PSNR ratios.
import { bdRate } from './bd-rate';

export interface CurvePoint {
  qp: number;
  bytes: number;
  /** Mean PSNR-Y of the decoded stream, dB. */
  psnrMean: number;
  /** CPU seconds of one encode of the whole sequence, one thread. */
  cpuSeconds: number;
}

export interface Comparison {
  /** Our bitrate / libx264's at equal PSNR, averaged over the PSNR range both curves cover (NaN: they do not overlap). */
  bdRateRatio: number;
  bdPsnrLow: number;
  bdPsnrHigh: number;
  /** At our default QP's mean PSNR: libx264's bytes and CPU seconds, and the ratios (NaN when its curve does not reach that PSNR). */
  bytesAtTarget: number;
  cpuSecondsAtTarget: number;
  bitrateRatio: number;
  /** Our frames per CPU second / libx264's (above 1: we are faster). */
  speedRatio: number;
}

/** Compares our curve (with `target`, our default QP's point and its timed CPU seconds) with libx264's. */
export function compareCurves(ours: readonly CurvePoint[], target: CurvePoint, x264: readonly CurvePoint[]): Comparison {
  const bd = bdRate(x264.map(asRate), ours.map(asRate));
  const at = pointAt(x264, target.psnrMean);
  return {
    bdRateRatio: bd.ratio,
    bdPsnrLow: bd.psnrLow,
    bdPsnrHigh: bd.psnrHigh,
    bytesAtTarget: at.bytes,
    cpuSecondsAtTarget: at.cpuSeconds,
    bitrateRatio: target.bytes / at.bytes,
    speedRatio: at.cpuSeconds / target.cpuSeconds,
  };
}

const asRate = (p: CurvePoint) => ({ rate: p.bytes, psnr: p.psnrMean });

/** Bytes and CPU seconds of `curve` at `psnr`, between the two points around it; NaN outside the curve. */
export function pointAt(curve: readonly CurvePoint[], psnr: number): { bytes: number; cpuSeconds: number } {
  const sorted = [...curve].sort((a, b) => a.psnrMean - b.psnrMean);
  const above = sorted.findIndex((p) => p.psnrMean >= psnr);
  if (above < 0 || (above === 0 && sorted[0].psnrMean > psnr)) return { bytes: NaN, cpuSeconds: NaN };
  const b = sorted[above], a = sorted[Math.max(0, above - 1)];
  const t = b.psnrMean > a.psnrMean ? (psnr - a.psnrMean) / (b.psnrMean - a.psnrMean) : 0;
  return { bytes: Math.exp(Math.log(a.bytes) + t * (Math.log(b.bytes) - Math.log(a.bytes))), cpuSeconds: a.cpuSeconds + t * (b.cpuSeconds - a.cpuSeconds) };
}

/** Whether `curve` reaches `psnr` from both sides (so pointAt interpolates rather than fails). */
export function brackets(curve: readonly CurvePoint[], psnr: number): { below: boolean; above: boolean } {
  return { below: curve.some((p) => p.psnrMean <= psnr), above: curve.some((p) => p.psnrMean >= psnr) };
}
