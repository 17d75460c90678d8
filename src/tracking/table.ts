// The tracking table: one hash key `VideoId` (S), so that an existing MediaConvert "jobs" table
// (VideoId, TotalFrames, MediaConvertStatus) can be used as it is. Two kinds of item share it:
//  - the video item, key `<videoId>` (the jobs table's own item when there is one);
//  - one item per chunk of CHUNK frames, key `<videoId>#chunk#<n>`, so that frames of one video
//    spread over many partitions and no video item is written per frame.
// A sparse global secondary index on the video item's `Outbox`/`OutboxSince` lists the videos
// with work left after a crash: completion not yet published, or a total whose chunks were not
// reconciled. Only items carrying `Outbox` are in the index.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const HASH_KEY = 'VideoId';
export const OUTBOX_INDEX = 'Outbox-index';

/** Attribute names, in one place (the table may be shared with another writer). */
export const A = {
  // chunk items
  frames: 'Frames',
  failed: 'Failed',
  expected: 'Expected',
  firstAt: 'FirstAt',
  updatedAt: 'UpdatedAt',
  // video item
  total: 'TotalFrames',
  frameRate: 'FrameRate',
  totalSource: 'TotalSource',
  totalAt: 'TotalAt',
  doneChunks: 'DoneChunks',
  failedChunks: 'FailedChunks',
  completedAt: 'CompletedAt',
  status: 'Status',
  processed: 'ProcessedFrames',
  failedCount: 'FailedFrameCount',
  failedKeys: 'FailedFrames',
  failedKeysTruncated: 'FailedFramesTruncated',
  outbox: 'Outbox',
  outboxSince: 'OutboxSince',
  publishedAt: 'PublishedAt',
  blurMethod: 'BlurMethod',
} as const;

/** Outbox values: what the sweeper still has to do for a video. */
export const OUTBOX = {
  /** The total is recorded; chunks may still need promoting (a lost promotion is found again). */
  reconcile: 'reconcile',
  /** Completed; video.json and the event may not have gone out yet. */
  publish: 'publish',
} as const;

const CHUNK_KEY = /#chunk#\d+$/;

export function videoKey(videoId: string): string {
  return videoId;
}

export function chunkKey(videoId: string, chunk: number): string {
  return `${videoId}#chunk#${chunk}`;
}

/**
 * True if `videoId` has the form of a chunk key: such a video's item would be another video's
 * chunk item, so it is not tracked.
 */
export function collidesWithChunkKey(videoId: string): boolean {
  return CHUNK_KEY.test(videoId);
}

/** The table as the local stack and the tests create it (the stack's CloudFormation matches). */
export function trackingTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: HASH_KEY, AttributeType: 'S' },
      { AttributeName: A.outbox, AttributeType: 'S' },
      { AttributeName: A.outboxSince, AttributeType: 'N' },
    ],
    KeySchema: [{ AttributeName: HASH_KEY, KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: OUTBOX_INDEX,
        KeySchema: [
          { AttributeName: A.outbox, KeyType: 'HASH' },
          { AttributeName: A.outboxSince, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ],
  };
}
