// What the smoke test checks in what the stack made, without a decoder: an edge map's format and
// size from its header (JPEG: its SOF; PNG: its IHDR), an edges.mp4's frame count from its sample
// size box. Each returns what it found or a sentence saying what is wrong.
// see: ISO/IEC 14496-12 (ISO base media file format), 4.2 (box), 8.7.3 (sample size box, stsz)
// see: PNG (Third Edition), 11.2.1 (IHDR)
import { readJpegHeader } from '../../jpeg/header';

export interface EdgeMapShape {
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  grey: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function edgeMapShape(bytes: Uint8Array): EdgeMapShape | string {
  if (PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) {
    if (bytes.length < 26) return 'a PNG cut short before its IHDR';
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20), grey: bytes[25] === 0 };
  }
  try {
    const header = readJpegHeader(bytes);
    return { format: 'jpeg', width: header.width, height: header.height, grey: header.components === 1 };
  } catch (error) {
    return `neither a PNG nor a readable JPEG: ${(error as Error).message}`;
  }
}

/** The number of frames (samples) of the MP4's first track, or what is wrong with it. */
export function mp4FrameCount(bytes: Uint8Array): number | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const top = boxes(view, 0, bytes.length);
  if (top[0]?.type !== 'ftyp') return `not an MP4: it starts with ${JSON.stringify(top[0]?.type ?? 'nothing')}, not ftyp`;
  let level = top;
  for (const type of ['moov', 'trak', 'mdia', 'minf', 'stbl']) {
    const box = level.find((candidate) => candidate.type === type);
    if (!box) return `an MP4 without ${type}`;
    level = boxes(view, box.start + 8, box.end);
  }
  const stsz = level.find((box) => box.type === 'stsz');
  if (!stsz || stsz.end - stsz.start < 20) return 'an MP4 without a sample size box (stsz)';
  return view.getUint32(stsz.start + 16);
}

interface Box {
  type: string;
  start: number;
  end: number;
}

function boxes(view: DataView, from: number, to: number): Box[] {
  const found: Box[] = [];
  for (let at = from; at + 8 <= to; ) {
    const size = view.getUint32(at);
    const type = String.fromCharCode(view.getUint8(at + 4), view.getUint8(at + 5), view.getUint8(at + 6), view.getUint8(at + 7));
    if (size < 8 || at + size > to) break; // 64-bit and to-the-end sizes: not in what the stitch writes
    found.push({ type, start: at, end: at + size });
    at += size;
  }
  return found;
}
