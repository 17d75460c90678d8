// Where a video's frames are, and what must be true of its items for it to be complete. Pure.
//
// A video of `total` frames numbered from `base` (0 or 1) has the indices [base, base + total).
// Frame i is in chunk floor(i / chunkSize); chunk c is in group floor(c / groupSize). A chunk whose
// whole span [c * size, c * size + size) is in the range is "nominal": it is done when all of its
// offsets are in (nothing about the total needed), and its group records it done. Only the first
// and the last chunk of the range can be partial ("edge" chunks); likewise, over the nominal
// chunks, only the first and the last group. An edge carries its bounds [lo, hi) (offsets) on
// its item, and once every offset of the bounds is in, the fact "covered" is recorded on the video
// item as a token: "c<chunk>:<lo>-<hi>" or "g<group>:<lo>-<hi>". A token states what an item
// holds, and sets only grow, so a token stays true when the total changes: the requirements of
// the current total name the tokens they need, and stale ones are simply not asked for.

export interface Layout {
  /** Frames per chunk (1..256). */
  chunkSize: number;
  /** Chunks per group (1..256). */
  groupSize: number;
}

/** The numbering of a video's frames. */
export interface Numbering {
  base: 0 | 1;
  total: number;
}

/** Half-open [lo, hi). */
export interface Span {
  lo: number;
  hi: number;
}

export interface Edge {
  kind: 'chunk' | 'group';
  /** The chunk or group number. */
  n: number;
  /** Offsets within the item. */
  bounds: Span;
  token: string;
}

export interface Requirements {
  /** Frame indices of the video. */
  frames: Span;
  /** Chunks holding its frames (empty when total is 0). */
  chunks: Span;
  /** Chunks that are whole and must each be done in their group. */
  nominalChunks: Span;
  /** Groups every chunk of which is nominal: each must be in the video's done groups. */
  nominalGroups: Span;
  edges: Edge[];
}

export const chunkOf = (index: number, layout: Layout): number => Math.floor(index / layout.chunkSize);
export const groupOf = (chunk: number, layout: Layout): number => Math.floor(chunk / layout.groupSize);
export const coverToken = (kind: Edge['kind'], n: number, bounds: Span): string => `${kind === 'chunk' ? 'c' : 'g'}${n}:${bounds.lo}-${bounds.hi}`;

/** "<base>:<total>": which numbering an item's bounds were written for. */
export const numberingId = (numbering: Numbering): string => `${numbering.base}:${numbering.total}`;

const isEmpty = (span: Span): boolean => span.hi <= span.lo;

/** The part of [start, start + size) inside `range`, as offsets from `start`. */
function offsetsIn(start: number, size: number, range: Span): Span {
  return { lo: Math.max(start, range.lo) - start, hi: Math.min(start + size, range.hi) - start };
}

export function requirements(layout: Layout, numbering: Numbering): Requirements {
  const frames = { lo: numbering.base, hi: numbering.base + numbering.total };
  const none = { lo: 0, hi: 0 };
  if (numbering.total === 0) return { frames, chunks: none, nominalChunks: none, nominalGroups: none, edges: [] };
  const { chunkSize, groupSize } = layout;
  const chunks = { lo: chunkOf(frames.lo, layout), hi: chunkOf(frames.hi - 1, layout) + 1 };
  const chunkBounds = (chunk: number) => offsetsIn(chunk * chunkSize, chunkSize, frames);
  const isWhole = (span: Span, size: number) => span.lo === 0 && span.hi === size;
  const edges: Edge[] = [];
  for (const chunk of new Set([chunks.lo, chunks.hi - 1])) {
    const bounds = chunkBounds(chunk);
    if (!isWhole(bounds, chunkSize)) edges.push({ kind: 'chunk', n: chunk, bounds, token: coverToken('chunk', chunk, bounds) });
  }
  const nominalChunks = {
    lo: isWhole(chunkBounds(chunks.lo), chunkSize) ? chunks.lo : chunks.lo + 1,
    hi: isWhole(chunkBounds(chunks.hi - 1), chunkSize) ? chunks.hi : chunks.hi - 1,
  };
  if (isEmpty(nominalChunks)) return { frames, chunks, nominalChunks: none, nominalGroups: none, edges };
  const groups = { lo: groupOf(nominalChunks.lo, layout), hi: groupOf(nominalChunks.hi - 1, layout) + 1 };
  const groupBounds = (group: number) => offsetsIn(group * groupSize, groupSize, nominalChunks);
  for (const group of new Set([groups.lo, groups.hi - 1])) {
    const bounds = groupBounds(group);
    if (!isWhole(bounds, groupSize)) edges.push({ kind: 'group', n: group, bounds, token: coverToken('group', group, bounds) });
  }
  const nominalGroups = {
    lo: isWhole(groupBounds(groups.lo), groupSize) ? groups.lo : groups.lo + 1,
    hi: isWhole(groupBounds(groups.hi - 1), groupSize) ? groups.hi : groups.hi - 1,
  };
  return { frames, chunks, nominalChunks, nominalGroups: isEmpty(nominalGroups) ? none : nominalGroups, edges };
}

/** True when the done groups and the covered tokens meet every requirement. */
export function satisfied(required: Requirements, doneGroups: ReadonlySet<number>, covered: ReadonlySet<string>): boolean {
  for (let group = required.nominalGroups.lo; group < required.nominalGroups.hi; group++) if (!doneGroups.has(group)) return false;
  return required.edges.every((edge) => covered.has(edge.token));
}

/** The chunks of `group` that must be nominal-done (a sub-span of its chunk numbers), maybe empty. */
export function requiredChunksOfGroup(required: Requirements, group: number, layout: Layout): Span {
  const first = group * layout.groupSize;
  return { lo: Math.max(first, required.nominalChunks.lo), hi: Math.min(first + layout.groupSize, required.nominalChunks.hi) };
}

/** The indices of `chunk` within `frames` (a sub-span of [chunk * size, ...)), maybe empty. */
export function framesOfChunk(frames: Span, chunk: number, layout: Layout): Span {
  const first = chunk * layout.chunkSize;
  return { lo: Math.max(first, frames.lo), hi: Math.min(first + layout.chunkSize, frames.hi) };
}

/** True if every member of [lo, hi) is in `members`. */
export function covers(members: ReadonlySet<number>, span: Span): boolean {
  for (let i = span.lo; i < span.hi; i++) if (!members.has(i)) return false;
  return true;
}
