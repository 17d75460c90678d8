// What tracking costs on real DynamoDB, by its documented size rules, without a server: the size
// of an item, the write units of an UpdateItem, and a model of every write a video of N frames
// makes, so the cost per frame at 10 million frames (which no local test can run) is computed,
// and checked against dynalite's own accounting at the sizes a test can run.
// see: Amazon DynamoDB Developer Guide, "DynamoDB item sizes and formats" (names and strings in
// UTF-8 bytes; a number is 1 byte per two significant digits plus 1; a map or list 3 bytes plus
// 1 per element; a Boolean 1) and "Capacity unit consumption for write operations" (one write unit
// per 1 KB, of the larger of the item before and after an UpdateItem; a write that changes a
// global secondary index's key also writes the index: a delete and a put).
// Sets are not described there: each member is counted as its value plus 1 byte, like a list's.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { A, C, G, HASH_KEY, chunkKey, failureKey, groupKey } from './table';

const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A number's size: 1 byte per two significant digits (leading and trailing zeros trimmed), plus 1. */
export function numberSize(text: string): number {
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, member) => sum + utf8(member) + 1, 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, member) => sum + numberSize(member) + 1, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, member) => sum + 1 + valueSize(member), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [name, member]) => sum + 1 + utf8(name) + valueSize(member), 0);
  return 0;
}

export function itemSize(item: Record<string, AttributeValue>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0);
}

/** Write units of one UpdateItem: the larger of the item's sizes before and after, by the KB, at least 1. */
export function writeUnits(before: number, after: number): number {
  return Math.max(1, Math.ceil(Math.max(before, after) / 1024));
}

export interface ModelInput {
  frames: number;
  videoId: string;
  chunkSize: number;
  groupSize: number;
  /** Every frame's key is `<videoId>/` + this name + its 7-digit index + `.jpg`. */
  frameName?: string;
}

export interface ModelResult {
  frames: number;
  writes: number;
  writeUnits: number;
  writeUnitsPerFrame: number;
  /** The largest write of the video, in write units, and the largest item, in bytes. */
  largestWrite: number;
  largestItemBytes: number;
  /** Write units per second on the busiest item (a chunk being filled) at `fps` frames per second. */
  busiestItemUnitsPerSecond(fps: number): number;
}

/**
 * Every write of a video of `frames` frames, numbered from 0, arriving in order with its total
 * recorded first and nothing failing or repeated (the common case; a duplicate frame costs one
 * more chunk write, a failed one its own item as well): per frame the chunk ADD; per chunk its
 * registration in its group, the mark on the chunk, its promotion; per group its registration on
 * the video item, the mark on the group, its promotion; per video the total, frame 0's flag, the
 * base, the bounds of the edges, their record, the completion, the publication's outbox write.
 */
export function modelVideo(input: ModelInput): ModelResult {
  const { frames, videoId, chunkSize, groupSize } = input;
  const chunks = Math.ceil(frames / chunkSize);
  const groups = Math.ceil(chunks / groupSize);
  const times = (name: string) => utf8(name) + numberSize('1764000000000');
  let writes = 0;
  let units = 0;
  let largestWrite = 0;
  let largestItem = 0;
  const add = (count: number, before: number, after: number) => {
    const each = writeUnits(before, after);
    writes += count;
    units += count * each;
    largestWrite = Math.max(largestWrite, each);
    largestItem = Math.max(largestItem, before, after);
  };
  // Chunk items: key, then per frame one more offset; FirstAt, UpdatedAt; Reg after the first frame.
  let chunkFrameUnits = 0;
  for (let chunk = 0; chunk < chunks; chunk++) {
    const inChunk = Math.min(chunkSize, frames - chunk * chunkSize);
    let size = utf8(HASH_KEY) + utf8(chunkKey(videoId, chunk)) + utf8(C.frames) + times(C.firstAt) + times(C.updatedAt);
    for (let offset = 0; offset < inChunk; offset++) {
      const before = offset === 0 ? 0 : size;
      size += numberSize(String(offset)) + 1;
      const each = writeUnits(before, size);
      chunkFrameUnits += each;
      add(1, before, size);
      if (offset === 0) add(1, size, size + utf8(C.registered) + 1); // the registration mark
      if (offset === 0) size += utf8(C.registered) + 1;
    }
  }
  // Group items: registered chunks, then done chunks; the video item: groups, then done groups.
  const video = { size: videoBaseSize(videoId) };
  for (let group = 0; group < groups; group++) {
    const inGroup = Math.min(groupSize, chunks - group * groupSize);
    let size = utf8(HASH_KEY) + utf8(groupKey(videoId, group)) + utf8(G.chunks) + times(G.updatedAt);
    for (let offset = 0; offset < inGroup; offset++) {
      const grown = size + numberSize(String(offset)) + 1;
      add(1, offset === 0 ? 0 : size, grown);
      size = grown;
      if (offset === 0) {
        const after = video.size + (group === 0 ? utf8(A.groups) : 0) + numberSize(String(group)) + 1;
        add(1, video.size, after);
        video.size = after;
        add(1, size, size + utf8(G.registered) + 1);
        size += utf8(G.registered) + 1;
      }
    }
    for (let offset = 0; offset < inGroup; offset++) {
      const grown = size + (offset === 0 ? utf8(G.done) : 0) + numberSize(String(offset)) + 1;
      add(1, size, grown);
      size = grown;
    }
    const after = video.size + (group === 0 ? utf8(A.doneGroups) : 0) + numberSize(String(group)) + 1;
    add(1, video.size, after);
    video.size = after;
  }
  // Per video: total, frame 0's flag, base, two edge bounds, their record, completion (the record, ~300 bytes), publication.
  for (const grow of [60, 15, 30, 0, 0, 25, 320, 30]) {
    add(1, video.size, video.size + grow);
    video.size += grow;
  }
  // The outbox index: entered at the first group, moved at completion, left at publication.
  units += 1 + 2 + 1;
  const busiest = chunkFrameUnits / frames;
  return {
    frames, writes, writeUnits: units, writeUnitsPerFrame: units / frames, largestWrite, largestItemBytes: largestItem,
    busiestItemUnitsPerSecond: (fps) => fps * busiest,
  };
}

/** The video item before any group: its key and the attributes of a total. */
function videoBaseSize(videoId: string): number {
  return utf8(HASH_KEY) + utf8(videoId) + utf8(A.outbox) + utf8('reconcile') + utf8(A.outboxSince) + numberSize('1764000000000');
}

/** A failed frame's own item: its key and reason (the reason at its longest). */
export function failureItemSize(videoId: string, index: number, frameKey: string, reasonLength = 200): number {
  return utf8(HASH_KEY) + utf8(failureKey(videoId, index)) + 3 + utf8(frameKey) + 6 + reasonLength + 2 + numberSize('1764000000000');
}
