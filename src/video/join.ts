// The join: a video's H.264 segments (segment-format.ts) into `<videoId>/edges.mp4`, moov first,
// with ONE streamed multipart upload and no re-encoding.
//
//  1. Read every segment index and check every data object's size (segment-store.ts).
//  2. Check the segments fit together and concatenate their sample indexes (join-plan.ts).
//  3. Lay out the MP4 header (ftyp + moov + mdat header) from that index alone (mp4/).
//  4. Upload the file = header + segment 0's data + segment 1's data + ... as fixed-size parts
//     (join-parts.ts), each filled from the header and ranged GetObjects of the data objects
//     (join-data.ts, which checks each segment's SHA-256), a few parts in flight at once
//     (join-upload.ts). Memory: (uploadConcurrency + 1) x partBytes, plus the index (4 bytes
//     a frame), whatever the video's length.
//
// Same segments, same bytes: the header has no timestamps and the part boundaries depend only
// on the sizes, so a re-run writes an identical object. Any failure aborts the upload: the
// output is whole or absent (an earlier edges.mp4, if any, stays as it was).
// A later optimisation on real S3: UploadPartCopy could copy each segment's data server-side
// where part boundaries allow (every part but the last >= 5 MiB); the local s3rver does not
// implement it, so the join streams.
import { JoinOptionError } from './errors';
import { planJoin } from './join-plan';
import { SegmentDataReader } from './join-data';
import { choosePartBytes, DEFAULT_PART_BYTES, PartPlan } from './join-parts';
import { uploadInParts } from './join-upload';
import { layoutMovie } from './mp4/movie-header';
import { formatFrameRate } from './mp4/timing';
import { edgesVideoKey } from './segment-format';
import { readSegments } from './segment-store';
import type { VideoS3 } from './video-s3';

export interface JoinRequest {
  s3: VideoS3;
  /** The bucket holding `<videoId>/.stitch/` and receiving the video. */
  bucket: string;
  videoId: string;
  /** Segments 0..segmentCount-1 are joined; each must exist. */
  segmentCount: number;
  /** When given, the segments must hold exactly this many frames. */
  expectedFrames?: number;
  /** Defaults to `<videoId>/edges.mp4`. */
  outputKey?: string;
  /** Multipart part size: at least 5 MiB (S3's minimum); default 8 MiB. */
  partBytes?: number;
  /** UploadPart calls in flight: 1..8, default 3. */
  uploadConcurrency?: number;
  /** Where non-fatal trouble is reported (an abort that failed); default console.warn. */
  warn?: (message: string) => void;
}

export interface JoinResult {
  bucket: string;
  key: string;
  bytes: number;
  frameCount: number;
  segmentCount: number;
  partCount: number;
  partBytes: number;
  width: number;
  height: number;
  codec: string;
  frameRate: string;
  durationSeconds: number;
  etag?: string;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 3;
const MAX_UPLOAD_CONCURRENCY = 8;

/** Joins the segments into one MP4; throws a VideoError subclass naming the object and the reason. */
export async function joinSegments(request: JoinRequest): Promise<JoinResult> {
  const { s3, bucket, videoId, segmentCount } = request;
  const key = request.outputKey ?? edgesVideoKey(videoId);
  const concurrency = request.uploadConcurrency ?? DEFAULT_UPLOAD_CONCURRENCY;
  if (!Number.isInteger(segmentCount) || segmentCount < 1) throw new JoinOptionError(`${segmentCount} is not a positive integer`, 'segmentCount');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_UPLOAD_CONCURRENCY) throw new JoinOptionError(`${concurrency} is not an integer in 1..${MAX_UPLOAD_CONCURRENCY}`, 'uploadConcurrency');
  choosePartBytes(0, request.partBytes ?? DEFAULT_PART_BYTES); // refuse a bad part size before any S3 call

  const segments = await readSegments(s3, bucket, videoId, segmentCount);
  const plan = planJoin(segments, request.expectedFrames);
  const layout = layoutMovie(plan.track, plan.index, segments[0].indexKey);
  const partBytes = choosePartBytes(layout.totalBytes, request.partBytes);
  const parts = new PartPlan([layout.header.length, ...segments.map((segment) => segment.dataBytes)], partBytes);
  const reader = new SegmentDataReader(s3, bucket, segments);
  const fill = async (number: number) => {
    const part = Buffer.allocUnsafe(parts.partLength(number));
    for (const piece of parts.pieces(number)) {
      if (piece.source === 0) part.set(layout.header.subarray(piece.from, piece.to), piece.at);
      else await reader.copy(piece.source - 1, piece.from, piece.to, part, piece.at);
    }
    return part;
  };
  const etag = await uploadInParts(s3, { bucket, key, contentType: 'video/mp4' }, { partCount: parts.partCount, fill }, concurrency, request.warn ?? console.warn);
  return {
    bucket,
    key,
    bytes: layout.totalBytes,
    frameCount: plan.frameCount,
    segmentCount,
    partCount: parts.partCount,
    partBytes,
    width: layout.width,
    height: layout.height,
    codec: layout.codec,
    frameRate: formatFrameRate(plan.track.frameRate),
    durationSeconds: layout.duration / layout.timescale,
    etag,
  };
}
