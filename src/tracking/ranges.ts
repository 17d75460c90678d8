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
  const chunks = level('chunk', frames, layout.chunkSize);
  if (isEmpty(chunks.whole)) return { frames, chunks: chunks.units, nominalChunks: none, nominalGroups: none, edges: chunks.edges };
  const groups = level('group', chunks.whole, layout.groupSize);
  return {
    frames, chunks: chunks.units, nominalChunks: chunks.whole, nominalGroups: isEmpty(groups.whole) ? none : groups.whole,
    edges: [...chunks.edges, ...groups.edges],
  };
}

/**
 * One level of the layout over `span` (frames for chunks, whole chunks for groups), in units of
 * `size`: the units it touches, those at its two ends that it covers only in part (edges, with
 * their tokens), and the units it covers whole.
 */
function level(kind: Edge['kind'], span: Span, size: number): { units: Span; edges: Edge[]; whole: Span } {
  const units = { lo: Math.floor(span.lo / size), hi: Math.floor((span.hi - 1) / size) + 1 };
  const bounds = (n: number) => offsetsIn(n * size, size, span);
  const isWhole = (n: number) => bounds(n).lo === 0 && bounds(n).hi === size;
  const edges = [...new Set([units.lo, units.hi - 1])]
    .filter((n) => !isWhole(n))
    .map((n) => ({ kind, n, bounds: bounds(n), token: coverToken(kind, n, bounds(n)) }));
  const whole = { lo: isWhole(units.lo) ? units.lo : units.lo + 1, hi: isWhole(units.hi - 1) ? units.hi : units.hi - 1 };
  return { units, edges, whole };
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
