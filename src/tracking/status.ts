// A video's progress, read from the table (for `frame-processor status <videoId>`): processed,
// failed, total, and an estimate of the time left from the pace so far (first frame's FirstAt to
// the latest UpdatedAt over all chunks). A completed video answers from its completion record.
import { chunkCount, tallyChunk } from './chunks';
import { batchGetConsistent, getConsistent, num, numSet, str, type Item, type Table } from './items';
import { A, OUTBOX, chunkKey, videoKey } from './table';

export interface VideoStatus {
  videoId: string;
  state: 'unknown' | 'waiting-for-total' | 'in-progress' | 'complete' | 'complete_with_failures';
  totalFrames?: number;
  frameRate?: number;
  processedFrames: number;
  failedFrames: number;
  /** ISO 8601 times. */
  firstFrameAt?: string;
  lastFrameAt?: string;
  completedAt?: string;
  /** True once video.json and the event went out (the outbox is clear). */
  published: boolean;
  /** Seconds left at the pace so far; absent without a total or a pace. */
  estimatedSecondsLeft?: number;
}

/** Chunks read per request when the total is not known yet (the chunk count is not either). */
const PROBE = 100;

export async function videoStatus(table: Table, chunkSize: number, videoId: string): Promise<VideoStatus> {
  const video = await getConsistent(table, videoKey(videoId));
  const total = num(video, A.total);
  const frameRate = num(video, A.frameRate);
  const base = { videoId, totalFrames: total, frameRate, published: !!video?.[A.publishedAt] };
  if (video?.[A.completedAt]) {
    const status = str(video, A.status) === 'complete_with_failures' ? 'complete_with_failures' : 'complete';
    return {
      ...base,
      state: status,
      processedFrames: num(video, A.processed) ?? 0,
      failedFrames: num(video, A.failedCount) ?? 0,
      completedAt: iso(num(video, A.completedAt)),
      published: str(video, A.outbox) !== OUTBOX.publish,
    };
  }
  const chunks = await readChunks(table, videoId, total === undefined ? undefined : chunkCount(total, chunkSize), video);
  let processed = 0;
  let failed = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const [chunk, item] of chunks) {
    const tally = tallyChunk(item, chunk, chunkSize, total);
    processed += tally.processed;
    failed += tally.failures.length;
    first = Math.min(first, num(item, A.firstAt) ?? Infinity);
    last = Math.max(last, num(item, A.updatedAt) ?? -Infinity);
  }
  const state = total !== undefined ? 'in-progress' : chunks.size > 0 ? 'waiting-for-total' : 'unknown';
  const done = processed + failed;
  const paceMs = done > 1 && last > first ? (last - first) / (done - 1) : undefined;
  return {
    ...base,
    state,
    processedFrames: processed,
    failedFrames: failed,
    firstFrameAt: iso(Number.isFinite(first) ? first : undefined),
    lastFrameAt: iso(Number.isFinite(last) ? last : undefined),
    estimatedSecondsLeft: total !== undefined && paceMs !== undefined ? Math.round((Math.max(0, total - done) * paceMs) / 1000) : undefined,
  };
}

/** Chunks 0..count-1, or, with no count, batches of PROBE chunks until one comes back empty. */
async function readChunks(table: Table, videoId: string, count: number | undefined, video: Item | undefined): Promise<Map<number, Item>> {
  const found = new Map<number, Item>();
  const highestDone = numSet(video, A.doneChunks).reduce((high, chunk) => Math.max(high, chunk), -1);
  for (let start = 0; count === undefined || start < count; start += PROBE) {
    const end = count === undefined ? start + PROBE : Math.min(count, start + PROBE);
    const ids = Array.from({ length: end - start }, (_, i) => start + i);
    const items = await batchGetConsistent(table, ids.map((chunk) => chunkKey(videoId, chunk)));
    for (const chunk of ids) {
      const item = items.get(chunkKey(videoId, chunk));
      if (item) found.set(chunk, item);
    }
    if (count === undefined && items.size === 0 && end > highestDone) break;
  }
  return found;
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
