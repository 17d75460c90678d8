// What a completion (or a correction) records, counted from the items in bounded memory:
//  - the frames that failed for good and were never processed: counted exactly, the first
//    MAX_LISTED_FAILURES listed with their keys and reasons (read from their own items);
//  - the indices outside the range [base, base + total): counted, as ranges.
// Only the chunks that can hold either are read: the edge chunks, the chunks their groups promoted
// with a failure inside (the video's failed groups name those groups), and registered chunks
// outside the range. Groups are read 100 at a time, chunks 100 at a time, in index order.
import { viewChunk, viewGroup, type ChunkView } from './chunks';
import type { TrackingContext } from './context';
import { batchGetConsistent, numSet, str, type Item } from './items';
import { IndexRanges, type RangeSummary } from './index-ranges';
import { framesOfChunk, groupOf, requiredChunksOfGroup, requirements, type Numbering, type Requirements } from './ranges';
import { F, A, chunkKey, failureKey, groupKey } from './table';

/** Failed frames listed in the record at most (the count is always exact). */
export const MAX_LISTED_FAILURES = 1000;
/** Bytes of failed-frame keys and reasons listed at most (the video item must stay small). */
export const MAX_LISTED_FAILURE_BYTES = 64_000;

export interface FrameFailure {
  index: number;
  key: string;
  reason: string;
}

export interface RecordCount {
  failedCount: number;
  /** The first failures in index order, with keys and reasons. */
  listed: FrameFailure[];
  outOfRange: RangeSummary;
}

const BATCH = 100;

export async function countRecord(ctx: TrackingContext, videoId: string, video: Item, numbering: Numbering): Promise<RecordCount> {
  const required = requirements(ctx.layout, numbering);
  const failed: number[] = [];
  let failedCount = 0;
  const noteFailures = (view: ChunkView) => {
    const span = framesOfChunk(required.frames, view.chunk, ctx.layout);
    const first = view.chunk * ctx.layout.chunkSize;
    for (const offset of [...view.failedOnly].sort((a, b) => a - b)) {
      const index = first + offset;
      if (index < span.lo || index >= span.hi) continue;
      failedCount++;
      if (failed.length < MAX_LISTED_FAILURES) failed.push(index);
    }
  };
  const edges = await readChunks(ctx, videoId, required.edges.filter((edge) => edge.kind === 'chunk').map((edge) => edge.n));
  const firstEdge = edges.get(required.chunks.lo);
  if (firstEdge) noteFailures(firstEdge);
  await eachFailedChunk(ctx, videoId, video, required, noteFailures);
  const lastEdge = edges.get(required.chunks.hi - 1);
  if (lastEdge && lastEdge !== firstEdge) noteFailures(lastEdge);
  ctx.faults.step('after-failed-read', videoId);
  const outOfRange = await countOutOfRange(ctx, videoId, video, required, edges);
  return { failedCount, listed: await withKeys(ctx, videoId, failed), outOfRange };
}

async function readChunks(ctx: TrackingContext, videoId: string, chunks: number[]): Promise<Map<number, ChunkView>> {
  const views = new Map<number, ChunkView>();
  for (let start = 0; start < chunks.length; start += BATCH) {
    const batch = chunks.slice(start, start + BATCH);
    const items = await batchGetConsistent(ctx.table, batch.map((chunk) => chunkKey(videoId, chunk)));
    for (const chunk of batch) views.set(chunk, viewChunk(items.get(chunkKey(videoId, chunk)), chunk));
  }
  return views;
}

async function readGroups(ctx: TrackingContext, videoId: string, groups: number[], each: (group: number, item: Item | undefined) => Promise<void>): Promise<void> {
  for (let start = 0; start < groups.length; start += BATCH) {
    const batch = groups.slice(start, start + BATCH);
    const items = await batchGetConsistent(ctx.table, batch.map((group) => groupKey(videoId, group)));
    for (const group of batch) await each(group, items.get(groupKey(videoId, group)));
  }
}

/** The nominal chunks promoted with a failure inside, in index order. */
async function eachFailedChunk(ctx: TrackingContext, videoId: string, video: Item, required: Requirements, each: (view: ChunkView) => void): Promise<void> {
  const groups = numSet(video, A.failedGroups).filter((group) => {
    const span = requiredChunksOfGroup(required, group, ctx.layout);
    return span.hi > span.lo;
  });
  await readGroups(ctx, videoId, groups.sort((a, b) => a - b), async (group, item) => {
    const view = viewGroup(item, group);
    const span = requiredChunksOfGroup(required, group, ctx.layout);
    const first = group * ctx.layout.groupSize;
    const chunks = [...view.failed].map((offset) => first + offset).filter((chunk) => chunk >= span.lo && chunk < span.hi).sort((a, b) => a - b);
    for (const chunkView of (await readChunks(ctx, videoId, chunks)).values()) each(chunkView);
  });
}

/** Indices before the range (frame 0 of a 1-based video), in the edge chunks past its bounds, and in registered chunks past the range. */
async function countOutOfRange(ctx: TrackingContext, videoId: string, video: Item, required: Requirements, edges: Map<number, ChunkView>): Promise<RangeSummary> {
  const ranges = new IndexRanges();
  const size = ctx.layout.chunkSize;
  const strays = (view: ChunkView) => {
    const first = view.chunk * size;
    for (const offset of [...view.present].sort((a, b) => a - b)) {
      const index = first + offset;
      if (index < required.frames.lo || index >= required.frames.hi) ranges.add(index);
    }
  };
  const registered = new Set(numSet(video, A.groups));
  const { chunks } = required;
  const lastGroup = chunks.hi > chunks.lo ? groupOf(chunks.hi - 1, ctx.layout) : 0;
  const outside = (chunk: number) => chunk < chunks.lo || chunk >= chunks.hi;
  const groups = [...registered].filter((group) => group === 0 || group >= lastGroup).sort((a, b) => a - b);
  const before: number[] = [];
  const after: number[] = [];
  await readGroups(ctx, videoId, groups, async (group, item) => {
    for (const offset of viewGroup(item, group).registered) {
      const chunk = group * ctx.layout.groupSize + offset;
      if (outside(chunk)) (chunk < chunks.lo ? before : after).push(chunk);
    }
  });
  for (const view of (await readChunks(ctx, videoId, before.sort((a, b) => a - b))).values()) strays(view);
  for (const view of [...edges.values()].sort((a, b) => a.chunk - b.chunk)) strays(view);
  after.sort((a, b) => a - b);
  for (let start = 0; start < after.length; start += BATCH) {
    for (const view of (await readChunks(ctx, videoId, after.slice(start, start + BATCH))).values()) strays(view);
  }
  return ranges.summary();
}

/** The failures' keys and reasons, from their own items, within the byte budget. */
async function withKeys(ctx: TrackingContext, videoId: string, indices: number[]): Promise<FrameFailure[]> {
  const listed: FrameFailure[] = [];
  let bytes = 0;
  for (let start = 0; start < indices.length; start += BATCH) {
    const batch = indices.slice(start, start + BATCH);
    const items = await batchGetConsistent(ctx.table, batch.map((index) => failureKey(videoId, index)));
    for (const index of batch) {
      const item = items.get(failureKey(videoId, index));
      const failure = { index, key: str(item, F.key) ?? '', reason: str(item, F.reason) ?? 'failed (no reason recorded)' };
      bytes += Buffer.byteLength(failure.key) + Buffer.byteLength(failure.reason) + 16;
      if (bytes > MAX_LISTED_FAILURE_BYTES) return listed;
      listed.push(failure);
    }
  }
  return listed;
}
