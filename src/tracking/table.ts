// The tracking table: one hash key `VideoId` (S), so that an existing MediaConvert "jobs" table
// (VideoId, TotalFrames, ...) can be used as it is. Four kinds of item share it:
//  - the video item, key `<videoId>` (the jobs table's own item when there is one). Every
//    attribute tracking writes there starts with `fp_` (VIDEO_PREFIX), so another writer's fields
//    are never touched; of that writer's fields tracking reads `TotalFrames` alone;
//  - one chunk item per CHUNK frames, `<videoId>#chunk#<n>`: the frames' indices;
//  - one group item per GROUP chunks, `<videoId>#group#<g>`: which chunks are in and done, so the
//    video item holds one number per group, never one per chunk (docs/tracking.md, "Limits");
//  - one item per failed frame, `<videoId>#failure#<index>`: its key and reason.
// A sparse global secondary index on the video item's `fp_Outbox`/`fp_OutboxSince` lists the
// videos with work left (docs/tracking.md, "The outbox"). Only items carrying `fp_Outbox` are in it.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const HASH_KEY = 'VideoId';
export const OUTBOX_INDEX = 'fp_Outbox-index';
/** Every attribute tracking (and the edge video) writes on a video item starts with this. */
export const VIDEO_PREFIX = 'fp_';

/** The one field of another writer's video item that tracking reads: a total it set. */
export const OTHER_WRITER_TOTAL = 'TotalFrames';

/** Attributes of the video item (prefixed: the item may be another writer's). */
export const A = {
  // totals, one attribute per source (a map {Frames, Rate, At}), and every total seen
  totalOf: (source: string) => `fp_Total_${source}`,
  totalsSeen: 'fp_TotalsSeen',
  /** The last total that could not be recorded (a MediaConvert listing with a gap...), and why. */
  totalProblem: 'fp_TotalProblem',
  /** The base of the frame numbers (0 or 1), recorded once decided, and what decided it. */
  base: 'fp_Base',
  baseBy: 'fp_BaseBy',
  zeroSeen: 'fp_ZeroSeen',
  /** The total T for which a frame numbered T arrived (a sign of 1-based numbering). */
  topSeen: 'fp_TopSeen',
  /** The total whose top index was marked on its chunk (so that frame T reports itself). */
  topMarked: 'fp_TopMarked',
  /** "<base>:<total>" whose bounds were written on the edge chunks and groups. */
  boundsFor: 'fp_BoundsFor',
  groups: 'fp_Groups',
  doneGroups: 'fp_DoneGroups',
  failedGroups: 'fp_FailedGroups',
  /** Facts about partial chunks and groups: "c<n>:<lo>-<hi>", "g<n>:<lo>-<hi>" (see ranges.ts). */
  covered: 'fp_Covered',
  startedAt: 'fp_StartedAt',
  progressAt: 'fp_ProgressAt',
  /** Frames that were failed and later processed: counted, and counted into the record. */
  recoveries: 'fp_Recoveries',
  recoveriesCounted: 'fp_RecoveriesCounted',
  // the record, frozen by the completion write and changed by a correction only
  total: 'fp_Total',
  totalSource: 'fp_TotalSource',
  frameRate: 'fp_FrameRate',
  completedAt: 'fp_CompletedAt',
  completedBy: 'fp_CompletedBy',
  status: 'fp_Status',
  processed: 'fp_ProcessedFrames',
  failedCount: 'fp_FailedFrameCount',
  failedKeys: 'fp_FailedFrames',
  failedKeysTruncated: 'fp_FailedFramesTruncated',
  outOfRange: 'fp_OutOfRange',
  version: 'fp_Version',
  versionAt: 'fp_VersionAt',
  versionBy: 'fp_VersionBy',
  publishedAt: 'fp_PublishedAt',
  publishedVersion: 'fp_PublishedVersion',
  /** How the edge maps were made (BLUR_METHOD of the deployment that completed the video). */
  blurMethod: 'fp_BlurMethod',
  // a stall (sweeper)
  stalledAt: 'fp_StalledAt',
  stalledBy: 'fp_StalledBy',
  stallReason: 'fp_StallReason',
  stallDetail: 'fp_StallDetail',
  stallAnnounced: 'fp_StallAnnounced',
  // the outbox
  outbox: 'fp_Outbox',
  outboxSince: 'fp_OutboxSince',
} as const;

/** Attributes of a chunk item: offsets of its frames (index - chunk * size), and its bounds. */
export const C = {
  frames: 'Frames',
  failed: 'Failed',
  /** Offsets [Lo, Hi) that count, on a chunk at the edge of the video's range. */
  lo: 'Lo',
  hi: 'Hi',
  /** The total whose top index (1-based numbering's last frame) falls in this chunk. */
  top: 'Top',
  registered: 'Reg',
  firstAt: 'FirstAt',
  updatedAt: 'UpdatedAt',
} as const;

/** Attributes of a group item: offsets of its chunks (chunk - group * size). */
export const G = {
  chunks: 'Chunks',
  done: 'Done',
  failed: 'Failed',
  lo: 'Lo',
  hi: 'Hi',
  registered: 'Reg',
  updatedAt: 'UpdatedAt',
} as const;

/** Attributes of a failed frame's item. */
export const F = { key: 'Key', reason: 'Reason', at: 'At' } as const;

/** Outbox values of the frame accounting: what the sweeper still has to do for a video. */
export const OUTBOX = {
  /** Not complete: frames or a total are recorded (stalls are looked for; lost promotions found). */
  reconcile: 'reconcile',
  /** Completed or corrected; video.json and the event may not have gone out yet. */
  publish: 'publish',
  /** Completed, and a failed frame was processed since: the record is counted again. */
  correct: 'correct',
} as const;

const ITEM_KEY = /#(chunk|group|failure)#\d+$/;

export function videoKey(videoId: string): string {
  return videoId;
}

export function chunkKey(videoId: string, chunk: number): string {
  return `${videoId}#chunk#${chunk}`;
}

export function groupKey(videoId: string, group: number): string {
  return `${videoId}#group#${group}`;
}

export function failureKey(videoId: string, index: number): string {
  return `${videoId}#failure#${index}`;
}

/**
 * True if `videoId` has the form of a chunk, group or failure key: such a video's item would be
 * another video's item, so it is not tracked.
 */
export function collidesWithItemKey(videoId: string): boolean {
  return ITEM_KEY.test(videoId);
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
