// The tests' one walker over a JPEG's marker segments, and the byte surgery built on it. It trusts
// its input (well-formed files made or committed for tests); the product's own readers are
// src/jpeg/header.ts and assembly/jpeg-decode/markers.ts.
import { concat } from './jpeg-writer';

export interface Segment {
  /** The marker's second byte (0xD8 SOI, 0xC0 SOF0, 0xDA SOS...). */
  marker: number;
  /** Offset of the 0xFF that starts the marker. */
  at: number;
  /** Offset just past the segment; for SOS, past its entropy-coded data too. */
  end: number;
}

/** The markers of a well-formed JPEG in order, SOI to EOI (what comes after EOI is left out). */
export function segmentsOf(jpeg: Uint8Array): Segment[] {
  const out: Segment[] = [{ marker: 0xd8, at: 0, end: 2 }];
  for (let at = 2; at + 1 < jpeg.length; ) {
    const marker = jpeg[at + 1];
    if (marker === 0xd9) return [...out, { marker, at, end: at + 2 }];
    let end = headerEnd(jpeg, at);
    if (marker === 0xda) end = endOfEntropyData(jpeg, end);
    out.push({ marker, at, end });
    at = end;
  }
  throw new Error('segmentsOf: no EOI (not a well-formed JPEG)');
}

/** Offset just past the marker segment at `at` (for SOS: its header, where the coded data starts). */
function headerEnd(jpeg: Uint8Array, at: number): number {
  return at + 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
}

function endOfEntropyData(jpeg: Uint8Array, from: number): number {
  for (let at = from; at + 1 < jpeg.length; at++) {
    if (jpeg[at] === 0xff && jpeg[at + 1] !== 0 && (jpeg[at + 1] < 0xd0 || jpeg[at + 1] > 0xd7)) return at;
  }
  return jpeg.length;
}

/** The first segment with `marker`. */
export function firstSegment(jpeg: Uint8Array, marker: number): Segment {
  const found = segmentsOf(jpeg).find((s) => s.marker === marker);
  if (!found) throw new Error(`no 0xFF${marker.toString(16)} segment`);
  return found;
}

/** Offset of the first segment with `marker`. */
export function offsetOf(jpeg: Uint8Array, marker: number): number {
  return firstSegment(jpeg, marker).at;
}

/** The first frame header (SOF0/1/2) segment's offset. */
export function sofOffset(jpeg: Uint8Array): number {
  const found = segmentsOf(jpeg).find((s) => s.marker >= 0xc0 && s.marker <= 0xc2);
  if (!found) throw new Error('no SOF0/1/2');
  return found.at;
}

/** A segment's payload: the bytes after its length field (for SOS, its header without the coded data). */
export function segmentBody(jpeg: Uint8Array, segment: Segment): Uint8Array {
  return jpeg.subarray(segment.at + 4, headerEnd(jpeg, segment.at));
}

/** Where the first scan's entropy-coded data starts, and where it ends (at the next marker). */
export function scanData(jpeg: Uint8Array): { start: number; end: number } {
  const sos = firstSegment(jpeg, 0xda);
  return { start: headerEnd(jpeg, sos.at), end: sos.end };
}

/** A copy without every segment with `marker`. */
export function withoutSegments(jpeg: Uint8Array, marker: number): Uint8Array {
  return concat(segmentsOf(jpeg).filter((s) => s.marker !== marker).map((s) => jpeg.subarray(s.at, s.end)));
}

/** A copy with `edit` applied. */
export function edited(jpeg: Uint8Array, edit: (copy: Uint8Array) => void): Uint8Array {
  const copy = Uint8Array.from(jpeg);
  edit(copy);
  return copy;
}

/** A copy with `bytes` written over the bytes at `at`. */
export function patched(jpeg: Uint8Array, at: number, ...bytes: number[]): Uint8Array {
  return edited(jpeg, (copy) => copy.set(bytes, at));
}

/** A copy with `bytes` placed at `at`. */
export function inserted(jpeg: Uint8Array, at: number, bytes: Uint8Array): Uint8Array {
  return concat([jpeg.subarray(0, at), bytes, jpeg.subarray(at)]);
}
