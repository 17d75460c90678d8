// Copies byte ranges of segment data objects (ranged GetObject) into parts, in file order, and
// checks each segment's bytes against its index's SHA-256 as its last byte goes by: data that is
// not what the index describes fails the join before CompleteMultipartUpload, so it never
// reaches the output.
import { createHash, type Hash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { SegmentDataError, VideoError } from './errors';
import type { SegmentInfo } from './segment-format';
import { describeS3Error, isNotFound, readBodyInto, type VideoS3 } from './video-s3';

/** Attempts per range: the SDK retries failed requests itself, but not a body cut midway. */
const RANGE_ATTEMPTS = 3;

export class SegmentDataReader {
  private readonly hashes = new Map<number, Hash>();
  private readonly nextOffsets = new Map<number, number>();

  constructor(
    private readonly s3: VideoS3,
    private readonly bucket: string,
    private readonly segments: readonly SegmentInfo[],
  ) {}

  /** Copies bytes [from, to) of segment `position`'s data into `target` at `at`; ranges must come in order. */
  async copy(position: number, from: number, to: number, target: Uint8Array, at: number): Promise<void> {
    const segment = this.segments[position];
    if ((this.nextOffsets.get(position) ?? 0) !== from) throw new Error(`internal: segment ${position} read at ${from}, out of order`);
    await this.copyWithRetries(segment, from, to, target, at);
    const hash = this.hashes.get(position) ?? createHash('sha256');
    hash.update(target.subarray(at, at + (to - from)));
    this.hashes.set(position, hash);
    this.nextOffsets.set(position, to);
    if (to === segment.dataBytes) {
      const digest = hash.digest('hex');
      this.hashes.delete(position);
      if (digest !== segment.dataSha256) throw new SegmentDataError(`its SHA-256 ${digest} is not the ${segment.dataSha256} its index ${segment.indexKey} gives: the data was replaced or damaged`, segment.dataKey);
    }
  }

  private async copyWithRetries(segment: SegmentInfo, from: number, to: number, target: Uint8Array, at: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.copyOnce(segment, from, to, target, at);
      } catch (error) {
        if (error instanceof VideoError || attempt >= RANGE_ATTEMPTS) throw error instanceof VideoError ? error : new SegmentDataError(`bytes ${from}-${to - 1} could not be read: ${describeS3Error(error)}`, segment.dataKey);
      }
    }
  }

  private async copyOnce(segment: SegmentInfo, from: number, to: number, target: Uint8Array, at: number): Promise<void> {
    let response;
    try {
      response = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: segment.dataKey, Range: `bytes=${from}-${to - 1}` }));
    } catch (error) {
      if (isNotFound(error)) throw new SegmentDataError(`vanished while the join was reading it (named by ${segment.indexKey})`, segment.dataKey);
      throw error;
    }
    const total = Number(/\/(\d+)$/.exec(response.ContentRange ?? '')?.[1]);
    if (total !== segment.dataBytes) throw new SegmentDataError(`is ${Number.isNaN(total) ? 'of unknown size' : `${total} bytes`} now, its index ${segment.indexKey} says ${segment.dataBytes}`, segment.dataKey);
    const received = await readBodyInto(response.Body, target, at, to - from);
    if (received !== to - from) throw new Error(`range ${from}-${to - 1} ended after ${received} of ${to - from} bytes`);
  }
}
