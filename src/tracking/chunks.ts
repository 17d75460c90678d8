// Reading chunk and group items. A chunk item holds the offsets (index - chunk * size) of its
// frames: processed (Frames) or failed for good (Failed); an offset in both counts once, as
// processed. A group item holds the offsets (chunk - group * size) of its chunks: registered
// (Chunks), done (Done), done with a failure inside (Failed). Both may carry bounds [Lo, Hi)
// when they sit at an edge of the video's range (ranges.ts).
import { bool, num, numSet, type Item } from './items';
import { coverToken, covers, type Layout, type Span } from './ranges';
import { C, G } from './table';

/** Largest chunk size: offsets stay below 256, so a full chunk item stays well under 1 KB. */
export const MAX_CHUNK_SIZE = 256;
export const DEFAULT_CHUNK_SIZE = 128;
/** Largest group size: a group item of 256 offsets stays under 1 KB too. */
export const MAX_GROUP_SIZE = 256;
/** 128 chunks of 128 frames: 16,384 frames per group, 611 groups at the 10 million frame maximum. */
export const DEFAULT_GROUP_SIZE = 128;

export interface ChunkView {
  chunk: number;
  /** Offsets processed. */
  processed: Set<number>;
  /** Offsets failed for good and never processed. */
  failedOnly: Set<number>;
  /** Offsets in either. */
  present: Set<number>;
  /** Offsets that were recorded failed (processed later or not). */
  failedEver: Set<number>;
  bounds?: Span;
  /** A total whose top index (1-based numbering's last frame) is in this chunk. */
  top?: number;
  registered: boolean;
  firstAt?: number;
  updatedAt?: number;
}

export function viewChunk(item: Item | undefined, chunk: number): ChunkView {
  const processed = new Set(numSet(item, C.frames));
  const failedEver = new Set(numSet(item, C.failed));
  const failedOnly = new Set([...failedEver].filter((offset) => !processed.has(offset)));
  return {
    chunk,
    processed,
    failedOnly,
    present: new Set([...processed, ...failedOnly]),
    failedEver,
    bounds: boundsOf(item, C.lo, C.hi),
    top: num(item, C.top),
    registered: bool(item, C.registered),
    firstAt: num(item, C.firstAt),
    updatedAt: num(item, C.updatedAt),
  };
}

export interface GroupView {
  group: number;
  registered: Set<number>;
  done: Set<number>;
  failed: Set<number>;
  bounds?: Span;
  isRegistered: boolean;
  updatedAt?: number;
}

export function viewGroup(item: Item | undefined, group: number): GroupView {
  return {
    group,
    registered: new Set(numSet(item, G.chunks)),
    done: new Set(numSet(item, G.done)),
    failed: new Set(numSet(item, G.failed)),
    bounds: boundsOf(item, G.lo, G.hi),
    isRegistered: bool(item, G.registered),
    updatedAt: num(item, G.updatedAt),
  };
}

/** Every frame of the chunk's whole span is in. */
export const chunkWhole = (view: ChunkView, layout: Layout): boolean => covers(view.present, { lo: 0, hi: layout.chunkSize });
/** Every chunk of the group's whole span is done. */
export const groupWhole = (view: GroupView, layout: Layout): boolean => covers(view.done, { lo: 0, hi: layout.groupSize });

/** The token of an edge chunk whose bounds are all in, else undefined. */
export function chunkCoverage(view: ChunkView): string | undefined {
  return view.bounds && covers(view.present, view.bounds) ? coverToken('chunk', view.chunk, view.bounds) : undefined;
}

/** The token of an edge group whose bounds are all done, else undefined. */
export function groupCoverage(view: GroupView): string | undefined {
  return view.bounds && covers(view.done, view.bounds) ? coverToken('group', view.group, view.bounds) : undefined;
}

function boundsOf(item: Item | undefined, lo: string, hi: string): Span | undefined {
  const from = num(item, lo);
  const to = num(item, hi);
  return from === undefined || to === undefined ? undefined : { lo: from, hi: to };
}
