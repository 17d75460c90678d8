// Reads a JPEG's markers up to the first scan, without decoding anything, so every input is
// classified (not a JPEG, corrupt, unsupported) and its size checked before any pixel memory
// is allocated. see: ITU-T T.81 (JPEG), Annex B (syntax), Table B.1 (marker codes).
import { CorruptJpegError, NotAJpegError, UnsupportedJpegError } from './errors';

export interface JpegHeader {
  width: number;
  height: number;
  /** Number of colour components: 1 (grey), 3 (YCbCr or RGB) or 4 (CMYK/YCCK). */
  components: number;
  /** The SOFn marker's low byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive. */
  frameType: number;
  /** The Adobe APP14 transform flag (0: none/RGB/CMYK, 1: YCbCr, 2: YCCK), or undefined without APP14. */
  adobeTransform: number | undefined;
  /** Per component [horizontal, vertical] sampling factors. */
  sampling: Array<[number, number]>;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP14 = 0xee;
const FRAME_NAMES: Record<number, string> = {
  0xc3: 'lossless (SOF3)',
  0xc5: 'hierarchical (SOF5)',
  0xc6: 'hierarchical progressive (SOF6)',
  0xc7: 'hierarchical lossless (SOF7)',
  0xc9: 'arithmetic-coded (SOF9)',
  0xca: 'arithmetic-coded progressive (SOF10)',
  0xcb: 'arithmetic-coded lossless (SOF11)',
  0xcd: 'arithmetic-coded hierarchical (SOF13)',
  0xce: 'arithmetic-coded hierarchical progressive (SOF14)',
  0xcf: 'arithmetic-coded hierarchical lossless (SOF15)',
  0xf7: 'JPEG-LS (SOF55)',
};

/** True for the markers that start a frame header (SOF0..SOF15 and JPEG-LS SOF55). */
function isFrameMarker(marker: number): boolean {
  return (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
}

/** Parses the markers before the first scan; throws a typed error for anything not decodable. */
export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  if (bytes.length === 0) throw new NotAJpegError('empty file, not a JPEG');
  if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== SOI) throw new NotAJpegError(`not a JPEG (${describeStart(bytes)})`);
  let header: JpegHeader | undefined;
  let adobeTransform: number | undefined;
  let offset = 2;
  for (;;) {
    const marker = nextMarker(bytes, offset);
    if (marker === undefined) throw truncated(header);
    if (marker.code === EOI) throw header ? new CorruptJpegError('image data missing (EOI before the first scan)') : new NotAJpegError('not a JPEG image: no frame header before the end marker');
    if (marker.code === SOI || (marker.code >= 0xd0 && marker.code <= 0xd7) || marker.code === 0x01) {
      offset = marker.at + 2;
      continue;
    }
    const length = segmentLength(bytes, marker.at);
    if (marker.code === SOS) {
      if (!header) throw new CorruptJpegError('scan data before the frame header (SOS before SOF)');
      return { ...header, adobeTransform };
    }
    if (marker.code === APP14) adobeTransform = readAdobeTransform(bytes, marker.at, length) ?? adobeTransform;
    if (isFrameMarker(marker.code)) {
      if (header) throw new CorruptJpegError('more than one frame header (SOF)');
      header = readFrame(bytes, marker.at, length, marker.code);
    }
    offset = marker.at + 2 + length;
  }
}

/** The next marker at or after `offset` (fill bytes 0xFF skipped); undefined at the end of the data. */
function nextMarker(bytes: Uint8Array, offset: number): { code: number; at: number } | undefined {
  if (offset + 1 >= bytes.length) return undefined;
  if (bytes[offset] !== 0xff) throw new CorruptJpegError(`expected a marker at byte ${offset}, found 0x${hex(bytes[offset])}`);
  let at = offset;
  while (at + 1 < bytes.length && bytes[at + 1] === 0xff) at++;
  if (at + 1 >= bytes.length) return undefined;
  return { code: bytes[at + 1], at };
}

/** The length field of the segment whose marker is at `at`, checked against the data. */
function segmentLength(bytes: Uint8Array, at: number): number {
  const name = `segment 0xFF${hex(bytes[at + 1])} at byte ${at}`;
  if (at + 4 > bytes.length) throw new CorruptJpegError(`truncated: ${name} has no length`);
  const length = (bytes[at + 2] << 8) | bytes[at + 3];
  if (length < 2) throw new CorruptJpegError(`${name} has an invalid length ${length}`);
  if (at + 2 + length > bytes.length) throw new CorruptJpegError(`truncated: ${name} runs past the end of the data (length ${length})`);
  return length;
}

function readFrame(bytes: Uint8Array, at: number, length: number, code: number): JpegHeader {
  const kind = FRAME_NAMES[code];
  if (kind) throw new UnsupportedJpegError(`unsupported JPEG coding: ${kind}`);
  if (length < 8) throw new CorruptJpegError(`frame header (SOF) too short (length ${length})`);
  const precision = bytes[at + 4];
  const height = (bytes[at + 5] << 8) | bytes[at + 6];
  const width = (bytes[at + 7] << 8) | bytes[at + 8];
  const components = bytes[at + 9];
  if (precision !== 8) throw new UnsupportedJpegError(`unsupported JPEG sample precision: ${precision}-bit (only 8-bit is supported)`);
  if (width === 0) throw new CorruptJpegError('frame header (SOF) gives width 0');
  if (height === 0) throw new UnsupportedJpegError('frame header (SOF) gives height 0 (height defined later by DNL is not supported)');
  if (components !== 1 && components !== 3 && components !== 4) throw new UnsupportedJpegError(`unsupported number of colour components: ${components}`);
  if (length < 8 + 3 * components) throw new CorruptJpegError(`frame header (SOF) too short for ${components} components`);
  const sampling: Array<[number, number]> = [];
  for (let c = 0; c < components; c++) {
    const factors = bytes[at + 11 + 3 * c];
    const h = factors >> 4;
    const v = factors & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new CorruptJpegError(`component ${c + 1} has invalid sampling factors ${h}x${v}`);
    sampling.push([h, v]);
  }
  return { width, height, components, frameType: code & 0xff, adobeTransform: undefined, sampling };
}

/** The transform flag of an Adobe APP14 segment, or undefined if the segment is not Adobe's. */
function readAdobeTransform(bytes: Uint8Array, at: number, length: number): number | undefined {
  if (length < 14) return undefined;
  const tag = String.fromCharCode(...bytes.subarray(at + 4, at + 9));
  return tag === 'Adobe' ? bytes[at + 15] : undefined;
}

function truncated(header: JpegHeader | undefined): CorruptJpegError {
  return new CorruptJpegError(header ? 'truncated: the data ends before the first scan' : 'truncated: the data ends before the frame header');
}

function describeStart(bytes: Uint8Array): string {
  const text = String.fromCharCode(...bytes.subarray(0, 4));
  if (text === '\x89PNG') return 'it is a PNG image';
  if (text.startsWith('GIF8')) return 'it is a GIF image';
  if (text === 'RIFF') return 'it is a RIFF (WebP/AVI/WAV) file';
  return `starts with 0x${Array.from(bytes.subarray(0, 4), hex).join('')} instead of the SOI marker 0xFFD8`;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
