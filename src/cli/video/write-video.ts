// The join of `frame-processor video`: the same steps as the stitch's join (join.ts), from the spool
// instead of S3. Each part's index is read back and checked as the join reads a segment index, the
// parts are checked to fit together (planJoin), the MP4 header is laid out from the index alone
// (layoutMovie), and the file = header + each part's samples is produced in the join's parts
// (PartPlan), each part's SHA-256 checked as its last byte goes by. To a file: written under a
// temporary name, renamed into place when whole. To S3: the join's multipart upload, completed
// only after the last part (aborted on any failure), so the object is whole or absent.
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { SegmentDataError } from '../../video/errors';
import { planJoin } from '../../video/join-plan';
import { choosePartBytes, PartPlan } from '../../video/join-parts';
import { DEFAULT_UPLOAD_CONCURRENCY } from '../../video/join';
import { uploadInParts } from '../../video/join-upload';
import { layoutMovie, type MovieLayout } from '../../video/mp4/movie-header';
import type { SegmentIndexJson, SegmentInfo } from '../../video/segment-format';
import { readSegmentIndex } from '../../video/segment-index-reader';
import { temporaryPath } from '../job';
import type { VideoOut } from './args';
import { Interrupted } from './schedule';

export interface WriteRequest {
  indexes: readonly SegmentIndexJson[];
  /** The spool file of each part's samples. */
  partPath(part: number): string;
  total: number;
  out: VideoOut;
  s3?: S3Client;
  signal: AbortSignal;
  warn(line: string): void;
}

/** Writes the video; returns its layout (size, codec, timing, bytes). */
export async function writeVideo(request: WriteRequest): Promise<MovieLayout> {
  const segments = request.indexes.map((index, part) => {
    const indexKey = request.partPath(part);
    return readSegmentIndex(Buffer.from(JSON.stringify(index)), { indexKey, videoId: index.videoId, segment: part });
  });
  const plan = planJoin(segments, request.total);
  const layout = layoutMovie(plan.track, plan.index, request.out.kind === 'file' ? request.out.path : request.out.url);
  const parts = new PartPlan([layout.header.length, ...segments.map((segment) => segment.dataBytes)], choosePartBytes(layout.totalBytes));
  const reader = new SpoolReader(segments, request.partPath);
  const fill = async (number: number) => {
    if (request.signal.aborted) throw new Interrupted('interrupted');
    const part = Buffer.allocUnsafe(parts.partLength(number));
    for (const piece of parts.pieces(number)) {
      if (piece.source === 0) part.set(layout.header.subarray(piece.from, piece.to), piece.at);
      else await reader.copy(piece.source - 1, piece.from, piece.to, part, piece.at);
    }
    return part;
  };
  const { out } = request;
  if (out.kind === 'file') await writeFileWhole(out.path, parts.partCount, fill);
  else await uploadInParts(request.s3!, { bucket: out.bucket, key: out.key, contentType: 'video/mp4' }, { partCount: parts.partCount, fill }, DEFAULT_UPLOAD_CONCURRENCY, request.warn);
  return layout;
}

/** Writes parts 1..count in order under a temporary name, then renames it to `path`; no partial file is left. */
async function writeFileWhole(path: string, count: number, fill: (number: number) => Promise<Uint8Array>): Promise<void> {
  const temporary = temporaryPath(path);
  try {
    const file = await open(temporary, 'w');
    try {
      for (let number = 1; number <= count; number++) await file.write(await fill(number));
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** One part's samples at a time, read whole (a part is a few MB at most) and checked against its index's size and SHA-256. */
class SpoolReader {
  private current?: { position: number; bytes: Buffer };

  constructor(
    private readonly segments: readonly SegmentInfo[],
    private readonly pathOf: (part: number) => string,
  ) {}

  async copy(position: number, from: number, to: number, target: Uint8Array, at: number): Promise<void> {
    if (this.current?.position !== position) this.current = { position, bytes: await this.load(position) };
    target.set(this.current.bytes.subarray(from, to), at);
  }

  private async load(position: number): Promise<Buffer> {
    const segment = this.segments[position];
    const path = this.pathOf(position);
    const bytes = await readFile(path);
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== segment.dataBytes || digest !== segment.dataSha256) {
      throw new SegmentDataError(`holds ${bytes.length} bytes with SHA-256 ${digest}, not the ${segment.dataBytes} bytes with SHA-256 ${segment.dataSha256} encoded: it was changed while the video was made`, path);
    }
    return bytes;
  }
}
