// Segments in S3: a segment invocation writes its data then its index (the index last, so its
// presence means the segment is whole); the join reads every index and checks every data
// object's size before it writes anything.
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SegmentDataError, SegmentIndexError } from './errors';
import { describeSegment, segmentIndexKey, type SegmentInfo, type SegmentToWrite } from './segment-format';
import { MAX_SEGMENT_INDEX_BYTES, readSegmentIndex } from './segment-index-reader';
import { describeS3Error, isNotFound, readBodyInto, type VideoS3 } from './video-s3';

/** S3 requests of the join's reading phase in flight at once. */
const READ_CONCURRENCY = 8;

/** Writes one segment (data, then index); safe to repeat. Returns the keys written. */
export async function putSegment(s3: VideoS3, bucket: string, segment: SegmentToWrite): Promise<{ indexKey: string; dataKey: string; dataBytes: number }> {
  const { data, index, dataKey, indexKey } = describeSegment(segment);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: dataKey, Body: data, ContentType: 'video/h264' }));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: indexKey, Body: JSON.stringify(index), ContentType: 'application/json' }));
  return { indexKey, dataKey, dataBytes: data.length };
}

/** Reads and checks the indexes of segments 0..count-1, then checks each data object exists with its indexed size. */
export async function readSegments(s3: VideoS3, bucket: string, videoId: string, count: number): Promise<SegmentInfo[]> {
  const numbers = Array.from({ length: count }, (_, segment) => segment);
  const segments = await mapWithLimit(numbers, READ_CONCURRENCY, (segment) => readOneIndex(s3, bucket, videoId, segment, count));
  await mapWithLimit(segments, READ_CONCURRENCY, (segment) => checkDataObject(s3, bucket, segment));
  return segments;
}

async function readOneIndex(s3: VideoS3, bucket: string, videoId: string, segment: number, count: number): Promise<SegmentInfo> {
  const indexKey = segmentIndexKey(videoId, segment);
  let response;
  try {
    response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: indexKey }));
  } catch (error) {
    if (isNotFound(error)) throw new SegmentIndexError(`segment ${segment} of ${count} has no index: it was never finished`, indexKey);
    throw new SegmentIndexError(`cannot read the index: ${describeS3Error(error)}`, indexKey);
  }
  const length = response.ContentLength ?? 0;
  if (length > MAX_SEGMENT_INDEX_BYTES) throw new SegmentIndexError(`${length} bytes is over the ${MAX_SEGMENT_INDEX_BYTES}-byte limit for an index`, indexKey);
  const bytes = new Uint8Array(length);
  const received = await readBodyInto(response.Body, bytes, 0, length).catch((error: unknown) => {
    throw new SegmentIndexError(`cannot read the index: ${describeS3Error(error)}`, indexKey);
  });
  if (received !== length) throw new SegmentIndexError(`read ${received} of its ${length} bytes`, indexKey);
  return readSegmentIndex(bytes, { indexKey, videoId, segment });
}

async function checkDataObject(s3: VideoS3, bucket: string, segment: SegmentInfo): Promise<void> {
  let length: number | undefined;
  try {
    length = (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: segment.dataKey }))).ContentLength;
  } catch (error) {
    if (isNotFound(error)) throw new SegmentDataError(`is missing (named by ${segment.indexKey})`, segment.dataKey);
    throw new SegmentDataError(`cannot be read: ${describeS3Error(error)}`, segment.dataKey);
  }
  if (length !== segment.dataBytes) throw new SegmentDataError(`is ${length} bytes, its index ${segment.indexKey} says ${segment.dataBytes}`, segment.dataKey);
}

/** `fn` over `items`, at most `limit` at a time, results in input order; the first failure rejects. */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const at = next++;
      try {
        results[at] = await fn(items[at]);
      } catch (error) {
        failed = true; // no new work after the first failure
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
