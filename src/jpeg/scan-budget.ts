// What decoding a JPEG will cost, known from its headers before any pixel memory exists.
// A decoder visits every 8x8 block of a scan's components once per scan, so its time grows with
// scans x blocks, not with the file size: a progressive AC scan made of end-of-band runs is a few
// bytes yet still walks the whole frame, and thousands of them take a decoder minutes. Conversely
// every sequential or DC scan spends at least 1-2 bits per block, so a file whose scan data is
// shorter than that is truncated or claims a frame larger than it holds (a decompression bomb).
// see: ITU-T T.81 A.2 (blocks, MCUs), F.1.2 and G.1.2 (sequential and progressive coding).
import { CorruptJpegError, LimitExceededError } from '../core/errors';
import type { Frame, Scan } from './header-segments';

export interface ScanLimits {
  /** Most scans (SOS segments) accepted in one image. */
  maxScans: number;
  /** Most block visits (the sum over scans of the 8x8 blocks each decodes) accepted. */
  maxBlockVisits: number;
}

/**
 * 256 scans is NVIDIA nvImageCodec's default cap and 25x the 10 scans of libjpeg's standard
 * progressive script. 100 million block visits is ~11x a 10-scan 40 MP 4:4:4 progressive frame
 * and takes jpeg-js ~1.8 s on the development machine (17.5 ns per visit measured).
 */
export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxScans: 256, maxBlockVisits: 100_000_000 };

/** 8x8 blocks a scan decodes: every block of a lone component, or whole MCUs when interleaved. */
export function blocksInScan(frame: Frame, scan: Scan): number {
  const hMax = Math.max(...frame.components.map((c) => c.h));
  const vMax = Math.max(...frame.components.map((c) => c.v));
  if (scan.components.length === 1) {
    const { h, v } = scan.components[0].component;
    return Math.ceil(Math.ceil((frame.width * h) / hMax) / 8) * Math.ceil(Math.ceil((frame.height * v) / vMax) / 8);
  }
  const mcus = Math.ceil(frame.width / (8 * hMax)) * Math.ceil(frame.height / (8 * vMax));
  return mcus * scan.components.reduce((n, c) => n + c.component.h * c.component.v, 0);
}

/**
 * Fewest bits per block a complete scan can spend: sequential blocks need a DC code and at least
 * an EOB code (1 bit each at best); progressive DC scans a code or a correction bit; AC scans ~0.
 */
function minBitsPerBlock(frame: Frame, scan: Scan): number {
  if (frame.code !== 0xc2) return 2;
  return scan.ss === 0 ? 1 : 0;
}

/** Counts scans and block visits as the header reader meets them; throws past the limits. */
export class ScanBudget {
  scans = 0;
  blockVisits = 0;

  constructor(
    private readonly frame: Frame,
    private readonly limits: ScanLimits,
  ) {}

  /** Accounts for one scan whose entropy-coded data (restart markers included) is `dataBytes` long. */
  add(scan: Scan, dataBytes: number): void {
    this.scans++;
    const { width, height } = this.frame;
    if (this.scans > this.limits.maxScans) throw new LimitExceededError(`image has more than ${this.limits.maxScans} scans, the limit that bounds decoding time`);
    const blocks = blocksInScan(this.frame, scan);
    const minBytes = Math.floor((blocks * minBitsPerBlock(this.frame, scan)) / 8);
    if (dataBytes < minBytes) {
      throw new CorruptJpegError(`scan ${this.scans} holds ${dataBytes} bytes of coded data but a ${width}x${height} frame needs at least ${minBytes}: the data is truncated or the frame header claims a larger image`);
    }
    this.blockVisits += blocks;
    if (this.blockVisits > this.limits.maxBlockVisits) {
      throw new LimitExceededError(`${this.scans} scans over a ${width}x${height} frame would take more than ${this.limits.maxBlockVisits} block visits to decode, the limit that bounds decoding time`);
    }
  }
}
