// What the viewer shows of the videos, read from the stack's own tracking table and buckets (no
// second copy): every video item of the table with its status as `frame-processor status` reads
// it (readVideoStatus, the edge video's state), a video's source frames listed from the input
// bucket, and its video.json from the output bucket once published.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_CHUNK_SIZE, DEFAULT_GROUP_SIZE } from '../../tracking/chunks';
import { parseFrameKey, type FrameKeyRule } from '../../tracking/frame-key';
import type { Table } from '../../tracking/items';
import { RECORD_NAME } from '../../tracking/publish';
import { readVideoStatus, type VideoStatus } from '../../tracking/status';
import { collidesWithItemKey, HASH_KEY } from '../../tracking/table';
import { mapWithLimit } from '../../video/segment-store';
import { edgeVideoState, type EdgeVideoState } from '../../video/stitch/status';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../buckets';

const LAYOUT = { chunkSize: DEFAULT_CHUNK_SIZE, groupSize: DEFAULT_GROUP_SIZE };
/** Status reads at once while listing (each is a few DynamoDB requests). */
const READS_AT_ONCE = 8;

export type VideoSummary = VideoStatus & { edgeVideo?: EdgeVideoState };

export interface VideoDetail {
  status: VideoSummary;
  /** The source frames in the input bucket, by index. */
  frames: { index: number; key: string }[];
  /** `<videoId>/video.json` once published (with its edgeVideo section once stitched). */
  record?: unknown;
}

export interface VideoSources {
  table: Table;
  s3: S3Client;
  frameKeys: FrameKeyRule;
}

/** Every video of the tracking table, sorted by id, with its status. */
export async function listVideos(sources: VideoSources): Promise<VideoSummary[]> {
  const ids: string[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await sources.table.client.send(
      new ScanCommand({ TableName: sources.table.name, ProjectionExpression: '#k', ExpressionAttributeNames: { '#k': HASH_KEY }, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) if (item[HASH_KEY]?.S && !collidesWithItemKey(item[HASH_KEY].S)) ids.push(item[HASH_KEY].S);
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  ids.sort();
  return mapWithLimit(ids, READS_AT_ONCE, (videoId) => videoSummary(sources.table, videoId));
}

/** One video's status, source frames and record; undefined when the table does not know it. */
export async function videoDetail(sources: VideoSources, videoId: string): Promise<VideoDetail | undefined> {
  const [status, frames, record] = await Promise.all([videoSummary(sources.table, videoId), sourceFrames(sources, videoId), publishedRecord(sources.s3, videoId)]);
  if (status.state === 'unknown' && frames.length === 0) return undefined;
  return { status, frames, record };
}

async function videoSummary(table: Table, videoId: string): Promise<VideoSummary> {
  const { status, item } = await readVideoStatus(table, LAYOUT, videoId);
  return { ...status, edgeVideo: item ? edgeVideoState(videoId, item) : undefined };
}

/** The frames directly in `<videoId>/` of the input bucket that the frame rule tracks, by index. */
async function sourceFrames({ s3, frameKeys }: VideoSources, videoId: string): Promise<{ index: number; key: string }[]> {
  const frames: { index: number; key: string }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: INPUT_BUCKET, Prefix: `${videoId}/`, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const frame = Key ? parseFrameKey(Key, frameKeys) : undefined;
      if (frame?.tracked && frame.videoId === videoId) frames.push({ index: frame.index, key: frame.key });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return frames.sort((a, b) => a.index - b.index);
}

async function publishedRecord(s3: S3Client, videoId: string): Promise<unknown> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: OUTPUT_BUCKET, Key: `${videoId}/${RECORD_NAME}` }));
    return JSON.parse(await object.Body!.transformToString());
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}
