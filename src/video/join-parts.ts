// How the joined MP4 is cut into multipart-upload parts. The file is a virtual concatenation of
// sources (the header in memory, then each segment's data object); part n is the byte range
// [n * partBytes, (n + 1) * partBytes) of it, so the parts, and with them the bytes and ETag of
// the output, depend only on the segments: a re-run gives the same object.
import { JoinOptionError } from './errors';

const MiB = 1024 * 1024;
/** S3's smallest part (every part but the last). */
export const S3_MIN_PART_BYTES = 5 * MiB;
/** S3's largest part. */
export const S3_MAX_PART_BYTES = 5 * 1024 * MiB;
/** S3's most parts in one upload. */
export const S3_MAX_PARTS = 10_000;
/**
 * 8 MiB parts: 100 parts for 800 MB, few enough requests, and with 3 uploads in flight plus one
 * part being filled, 32 MiB of buffers for any video.
 */
export const DEFAULT_PART_BYTES = 8 * MiB;

/** The part size for a file: `requested` (at least S3's minimum), raised in whole MiB if 10,000 parts would not hold the file. */
export function choosePartBytes(totalBytes: number, requested = DEFAULT_PART_BYTES): number {
  if (!Number.isInteger(requested) || requested < S3_MIN_PART_BYTES || requested > S3_MAX_PART_BYTES) {
    throw new JoinOptionError(`part size ${requested} is not an integer in ${S3_MIN_PART_BYTES}..${S3_MAX_PART_BYTES} bytes (S3's part limits)`, 'partBytes');
  }
  const forPartLimit = Math.ceil(totalBytes / S3_MAX_PARTS / MiB) * MiB;
  const partBytes = Math.max(requested, forPartLimit);
  if (partBytes > S3_MAX_PART_BYTES) throw new JoinOptionError(`a ${totalBytes}-byte file does not fit ${S3_MAX_PARTS} parts of at most ${S3_MAX_PART_BYTES} bytes`, 'partBytes');
  return partBytes;
}

/** A stretch of one source copied into a part. */
export interface Piece {
  /** Which source (0 = the header, 1 + n = segment n's data). */
  source: number;
  /** Byte range [from, to) within that source. */
  from: number;
  to: number;
  /** Where it goes within the part. */
  at: number;
}

/** The parts of a concatenation of sources of the given lengths. */
export class PartPlan {
  readonly totalBytes: number;
  readonly partCount: number;
  private readonly starts: number[];

  constructor(
    readonly sourceLengths: readonly number[],
    readonly partBytes: number,
  ) {
    this.starts = [];
    let offset = 0;
    for (const length of sourceLengths) {
      this.starts.push(offset);
      offset += length;
    }
    this.totalBytes = offset;
    this.partCount = Math.max(1, Math.ceil(offset / partBytes));
  }

  /** Byte length of part `number` (1-based, as S3 numbers them). */
  partLength(number: number): number {
    return Math.min(this.partBytes, this.totalBytes - (number - 1) * this.partBytes);
  }

  /** The pieces that make up part `number`, in order. */
  pieces(number: number): Piece[] {
    const partStart = (number - 1) * this.partBytes;
    const partEnd = partStart + this.partLength(number);
    const pieces: Piece[] = [];
    for (let source = this.sourceAt(partStart); source < this.sourceLengths.length && this.starts[source] < partEnd; source++) {
      const from = Math.max(partStart, this.starts[source]) - this.starts[source];
      const to = Math.min(partEnd, this.starts[source] + this.sourceLengths[source]) - this.starts[source];
      if (to > from) pieces.push({ source, from, to, at: this.starts[source] + from - partStart });
    }
    return pieces;
  }

  /** The source holding byte `offset` (binary search over source starts). */
  private sourceAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
