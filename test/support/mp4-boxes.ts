// A minimal ISO BMFF box reader for tests: walks the box tree of a file in memory (or just its
// header bytes) so tests can check box order, sizes and sample tables field by field.

export interface Box {
  type: string;
  /** Offset of the box's first byte in the file. */
  offset: number;
  /** Whole box size, header included (largesize honoured). */
  size: number;
  /** Header bytes (8, or 16 with a largesize). */
  headerSize: number;
  /** Body bytes, as far as they lie inside the buffer given (an mdat may be cut short). */
  body: Uint8Array;
  children: Box[];
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'dinf', 'stbl']);

/** The boxes of `bytes` (which may stop early: the last box's body is then cut short). */
export function readBoxes(bytes: Uint8Array, base = 0): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Box[] = [];
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    let headerSize = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(offset + 8));
      headerSize = 16;
    }
    if (size < headerSize) throw new Error(`box ${type} at ${base + offset} has size ${size}`);
    const body = bytes.subarray(offset + headerSize, Math.min(bytes.length, offset + size));
    const children = CONTAINERS.has(type) ? readBoxes(body, base + offset + headerSize) : [];
    boxes.push({ type, offset: base + offset, size, headerSize, body, children });
    offset += size;
  }
  return boxes;
}

/** The box at a slash-separated path, e.g. "moov/trak/mdia/minf/stbl/stsz". */
export function findBox(boxes: Box[], path: string): Box {
  let found: Box | undefined;
  let level = boxes;
  for (const type of path.split('/')) {
    found = level.find((box) => box.type === type);
    if (!found) throw new Error(`no ${type} box on the path ${path}`);
    level = found.children;
  }
  return found!;
}

/** The body's 32-bit big-endian words after the full-box header (version and flags). */
export function fullBoxWords(box: Box): number[] {
  const view = new DataView(box.body.buffer, box.body.byteOffset, box.body.byteLength);
  return Array.from({ length: (box.body.length - 4) / 4 }, (_, i) => view.getUint32(4 + i * 4));
}

/** A full box's version. */
export const boxVersion = (box: Box) => box.body[0];

/** Bytes as a spaced hex string, for literal comparisons that read well in failures. */
export const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 ');

/** The AVCDecoderConfigurationRecord of an MP4's first avc1 sample entry: its profile/level bytes and its one SPS and PPS. */
export function avcConfigOf(mp4: Uint8Array): { profileIdc: number; constraintFlags: number; levelIdc: number; sps: Uint8Array; pps: Uint8Array } {
  const entry = findBox(readBoxes(mp4), 'moov/trak/mdia/minf/stbl/stsd').body.subarray(8);
  const [avcC] = readBoxes(entry.subarray(8 + 78));
  if (avcC?.type !== 'avcC') throw new Error('the avc1 sample entry has no avcC');
  const record = avcC.body;
  const spsLength = (record[6] << 8) | record[7];
  const sps = record.subarray(8, 8 + spsLength);
  const ppsAt = 8 + spsLength + 1;
  const pps = record.subarray(ppsAt + 2, ppsAt + 2 + ((record[ppsAt] << 8) | record[ppsAt + 1]));
  return { profileIdc: record[1], constraintFlags: record[2], levelIdc: record[3], sps, pps };
}
