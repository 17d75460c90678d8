// Parsers for the marker segments a decoder acts on (SOF, SOS, DQT, DHT, DRI, APP14). Each checks
// its segment against the spec, so the decoder never meets a reference it cannot resolve.
// see: ITU-T T.81 B.2.2 (frame header), B.2.3 (scan header), B.2.4 (tables), B.2.4.4 (DRI).
import { CorruptJpegError, UnsupportedJpegError } from '../core/errors';

export interface FrameComponent {
  id: number;
  /** Horizontal and vertical sampling factors, 1..4. */
  h: number;
  v: number;
  /** Quantisation table id, 0..3. */
  tq: number;
}

export interface Frame {
  /** The SOFn marker's low byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive. */
  code: number;
  width: number;
  height: number;
  components: FrameComponent[];
}

export interface ScanComponent {
  component: FrameComponent;
  dcTable: number;
  acTable: number;
}

export interface Scan {
  components: ScanComponent[];
  /** Spectral selection start and end (0..63), successive approximation high and low bits. */
  ss: number;
  se: number;
  ah: number;
  al: number;
}

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

/** Largest successive approximation bit position (T.81 B.2.3: Ah, Al 0..13). */
const MAX_AL = 13;
/** An interleaved scan's MCU holds at most 10 blocks (T.81 B.2.3, the sum of Hi x Vi). */
const MAX_BLOCKS_IN_MCU = 10;

/** True for the markers that start a frame header (SOF0..SOF15 and JPEG-LS SOF55). */
export function isFrameMarker(marker: number): boolean {
  return (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
}

/** The segment's payload: the bytes after its 2-byte length field. */
function payload(bytes: Uint8Array, at: number, length: number): Uint8Array {
  return bytes.subarray(at + 4, at + 2 + length);
}

export function readFrame(bytes: Uint8Array, at: number, length: number, code: number): Frame {
  const kind = FRAME_NAMES[code];
  if (kind) throw new UnsupportedJpegError(`unsupported JPEG coding: ${kind}`);
  const p = payload(bytes, at, length);
  if (p.length < 6) throw new CorruptJpegError(`frame header (SOF) too short (length ${length})`);
  const [precision, count] = [p[0], p[5]];
  const height = (p[1] << 8) | p[2];
  const width = (p[3] << 8) | p[4];
  if (precision !== 8) throw new UnsupportedJpegError(`unsupported JPEG sample precision: ${precision}-bit (only 8-bit is supported)`);
  if (width === 0) throw new CorruptJpegError('frame header (SOF) gives width 0');
  if (height === 0) throw new UnsupportedJpegError('frame header (SOF) gives height 0 (height defined later by DNL is not supported)');
  if (count !== 1 && count !== 3 && count !== 4) throw new UnsupportedJpegError(`unsupported number of colour components: ${count}`);
  if (p.length !== 6 + 3 * count) throw new CorruptJpegError(`frame header (SOF) length ${length} does not fit ${count} components`);
  const components: FrameComponent[] = [];
  for (let c = 0; c < count; c++) components.push(readFrameComponent(p, 6 + 3 * c, c + 1, components));
  return { code, width, height, components };
}

function readFrameComponent(p: Uint8Array, at: number, index: number, earlier: FrameComponent[]): FrameComponent {
  const [id, h, v, tq] = [p[at], p[at + 1] >> 4, p[at + 1] & 15, p[at + 2]];
  if (h < 1 || h > 4 || v < 1 || v > 4) throw new CorruptJpegError(`component ${index} has invalid sampling factors ${h}x${v}`);
  if (tq > 3) throw new CorruptJpegError(`component ${index} uses quantisation table ${tq} (only 0..3 exist)`);
  if (earlier.some((c) => c.id === id)) throw new CorruptJpegError(`component id ${id} appears twice in the frame header`);
  return { id, h, v, tq };
}

export function readScan(bytes: Uint8Array, at: number, length: number, frame: Frame): Scan {
  const p = payload(bytes, at, length);
  const count = p[0] ?? 0;
  if (count < 1 || count > 4) throw new CorruptJpegError(`scan header (SOS) lists ${count} components (1..4 allowed)`);
  if (p.length !== 4 + 2 * count) throw new CorruptJpegError(`scan header (SOS) length ${length} does not fit ${count} components`);
  const components: ScanComponent[] = [];
  for (let i = 0; i < count; i++) {
    const id = p[1 + 2 * i];
    const component = frame.components.find((c) => c.id === id);
    if (!component) throw new CorruptJpegError(`scan header (SOS) names component id ${id}, which the frame header does not define`);
    if (components.some((c) => c.component === component)) throw new CorruptJpegError(`scan header (SOS) names component id ${id} twice`);
    components.push({ component, dcTable: p[2 + 2 * i] >> 4, acTable: p[2 + 2 * i] & 15 });
  }
  const rest = 1 + 2 * count;
  const scan = { components, ss: p[rest], se: p[rest + 1], ah: p[rest + 2] >> 4, al: p[rest + 2] & 15 };
  checkScanShape(scan, frame);
  return scan;
}

/** Interleaving and, for progressive frames, spectral selection and successive approximation. */
function checkScanShape(scan: Scan, frame: Frame): void {
  const blocksInMcu = scan.components.reduce((n, c) => n + c.component.h * c.component.v, 0);
  if (scan.components.length > 1 && blocksInMcu > MAX_BLOCKS_IN_MCU) {
    throw new CorruptJpegError(`interleaved scan has ${blocksInMcu} blocks per MCU (at most ${MAX_BLOCKS_IN_MCU}): sampling factors too large`);
  }
  if (frame.code !== 0xc2) return;
  const { ss, se, ah, al } = scan;
  const valid = se <= 63 && ss <= se && (ss > 0 || se === 0) && (ss === 0 || scan.components.length === 1) && ah <= MAX_AL && al <= MAX_AL;
  if (!valid) throw new CorruptJpegError(`progressive scan has an invalid band or bit position (Ss=${ss}, Se=${se}, Ah=${ah}, Al=${al}, ${scan.components.length} components)`);
}

/** The table ids a DQT segment defines. */
export function readQuantTables(bytes: Uint8Array, at: number, length: number): number[] {
  const p = payload(bytes, at, length);
  const ids: number[] = [];
  for (let i = 0; i < p.length; ) {
    const [pq, tq] = [p[i] >> 4, p[i] & 15];
    if (pq > 1 || tq > 3) throw new CorruptJpegError(`quantisation table (DQT) has an invalid precision/id byte 0x${p[i].toString(16)}`);
    i += 1 + 64 * (pq + 1);
    if (i > p.length) throw new CorruptJpegError(`quantisation table (DQT) ${tq} runs past the end of its segment`);
    ids.push(tq);
  }
  return ids;
}

export interface HuffmanTableId {
  /** 0 = DC, 1 = AC. */
  tc: number;
  th: number;
}

/** The tables a DHT segment defines, each checked to be a complete-able prefix code. */
export function readHuffmanTables(bytes: Uint8Array, at: number, length: number): HuffmanTableId[] {
  const p = payload(bytes, at, length);
  const tables: HuffmanTableId[] = [];
  for (let i = 0; i < p.length; ) {
    const [tc, th] = [p[i] >> 4, p[i] & 15];
    const name = `Huffman table (DHT) ${tc === 0 ? 'DC' : 'AC'}${th}`;
    if (tc > 1 || th > 3) throw new CorruptJpegError(`Huffman table (DHT) has an invalid class/id byte 0x${p[i].toString(16)}`);
    if (i + 17 > p.length) throw new CorruptJpegError(`${name} runs past the end of its segment`);
    const counts = p.subarray(i + 1, i + 17);
    checkPrefixCode(counts, name);
    if (counts.reduce((a, b) => a + b, 0) > 256) throw new CorruptJpegError(`${name} has more than 256 codes`);
    i += 17 + counts.reduce((a, b) => a + b, 0);
    if (i > p.length) throw new CorruptJpegError(`${name} runs past the end of its segment`);
    tables.push({ tc, th });
  }
  return tables;
}

/** Codes of each length must fit in the code space left by the shorter ones (T.81 C.2; as libjpeg checks). */
function checkPrefixCode(counts: Uint8Array, name: string): void {
  let available = 2;
  for (let length = 1; length <= 16; length++) {
    if (counts[length - 1] > available) throw new CorruptJpegError(`${name} has more codes of length ${length} than fit (${counts[length - 1]} > ${available})`);
    available = (available - counts[length - 1]) * 2;
  }
}

export function readRestartInterval(bytes: Uint8Array, at: number, length: number): number {
  if (length !== 4) throw new CorruptJpegError(`restart interval (DRI) has length ${length}, expected 4`);
  return (bytes[at + 4] << 8) | bytes[at + 5];
}

/** The transform flag of an Adobe APP14 segment, or undefined if the segment is not Adobe's. */
export function readAdobeTransform(bytes: Uint8Array, at: number, length: number): number | undefined {
  if (length < 14) return undefined;
  const tag = String.fromCharCode(...bytes.subarray(at + 4, at + 9));
  return tag === 'Adobe' ? bytes[at + 15] : undefined;
}

/** True for a JFIF APP0 segment (identifier "JFIF\0"). */
export function isJfif(bytes: Uint8Array, at: number, length: number): boolean {
  return length >= 7 && String.fromCharCode(...bytes.subarray(at + 4, at + 9)) === 'JFIF\0';
}

/** The length field of the segment whose marker is at `at`, checked against the data. */
export function segmentLength(bytes: Uint8Array, at: number): number {
  const name = `segment 0xFF${hex(bytes[at + 1])} at byte ${at}`;
  if (at + 4 > bytes.length) throw new CorruptJpegError(`truncated: ${name} has no length`);
  const length = (bytes[at + 2] << 8) | bytes[at + 3];
  if (length < 2) throw new CorruptJpegError(`${name} has an invalid length ${length}`);
  if (at + 2 + length > bytes.length) throw new CorruptJpegError(`truncated: ${name} runs past the end of the data (length ${length})`);
  return length;
}

/** A byte as two upper-case hex digits, as error messages name markers. */
export function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
