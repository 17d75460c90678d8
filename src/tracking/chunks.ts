// Chunk arithmetic. Frame `index` belongs to chunk floor(index / size). Every chunk holds `size`
// frames except the video's last, which holds total - size * last; chunks past the last hold none.
// A chunk is full when every index of its range is accounted for: processed (Frames) or failed for
// good (Failed); an index in both counts once, as processed. Indices >= total never count.
import { A } from './table';
import { numSet, num, str, type Item } from './items';

/** Largest chunk size: a chunk item with every frame failed (key + reason each) stays under 400 KB. */
export const MAX_CHUNK_SIZE = 256;
export const DEFAULT_CHUNK_SIZE = 128;

export function chunkOf(index: number, size: number): number {
  return Math.floor(index / size);
}

/** Number of chunks of a video of `total` frames. */
export function chunkCount(total: number, size: number): number {
  return Math.ceil(total / size);
}

/** Frames chunk `chunk` holds in a video of `total` frames. */
export function expectedSize(chunk: number, total: number, size: number): number {
  return Math.max(0, Math.min(size, total - chunk * size));
}

/** A failed frame, as the failed-frame recorder stored it on its chunk. */
export interface FrameFailure {
  index: number;
  key: string;
  reason: string;
}

/** Attribute holding failed frame `index`'s key and reason on its chunk item. */
export function failureAttribute(index: number): string {
  return `Failure${index}`;
}

/** What one chunk item says, restricted to the indices that count. */
export interface ChunkTally {
  /** Indices of the range that were processed. */
  processed: number;
  /** Failed for good and never processed. */
  failures: FrameFailure[];
  /** The chunk's size if known (Expected on the last chunk, else the full size). */
  expected: number;
  full: boolean;
}

/**
 * Tallies chunk `chunk` from its item. Without `total`, the range ends at the item's Expected if
 * it has one (the last chunk once the total is recorded), else at a full chunk's end.
 */
export function tallyChunk(item: Item | undefined, chunk: number, size: number, total?: number): ChunkTally {
  const start = chunk * size;
  const expected = total !== undefined ? expectedSize(chunk, total, size) : (num(item, A.expected) ?? size);
  const inRange = (index: number): boolean => index >= start && index < start + expected;
  const processed = new Set(numSet(item, A.frames).filter(inRange));
  const failed = numSet(item, A.failed).filter((index) => inRange(index) && !processed.has(index));
  const failures = failed.sort((a, b) => a - b).map((index) => failureOf(item, index));
  return { processed: processed.size, failures, expected, full: processed.size + failures.length === expected };
}

function failureOf(item: Item | undefined, index: number): FrameFailure {
  const stored = item?.[failureAttribute(index)]?.M;
  return { index, key: str(stored, 'Key') ?? '', reason: str(stored, 'Reason') ?? '' };
}

/** True if DoneChunks holds every chunk of a video of `total` frames. */
export function allChunksDone(video: Item, total: number, size: number): boolean {
  const done = new Set(numSet(video, A.doneChunks));
  const count = chunkCount(total, size);
  if (done.size < count) return false;
  for (let chunk = 0; chunk < count; chunk++) if (!done.has(chunk)) return false;
  return true;
}
