// Reads a JPEG's markers from SOI to EOI without decoding anything: every segment is checked and
// every scan's coded data is skipped, so each input is classified (not a JPEG, corrupt,
// unsupported, over a limit) and its decoding cost known before any pixel memory is allocated.
// The decoder then never meets a table, component or marker it cannot resolve.
// This reader decides whether an input is decoded at all. The WebAssembly decoder's own parser
// (assembly/jpeg-decode/markers.ts) reads the same headers, up to the first scan only, and decides
// just how to decode an accepted file: itself, or the jpeg-js fallback. Both read the same frame
// (test/jpeg/header-parsers.test.ts).
// see: ITU-T T.81 (JPEG), Annex B (syntax), Table B.1 (marker codes).
import { CorruptJpegError, NotAJpegError, UnsupportedJpegError } from '../core/errors';
import {
  hex,
  isFrameMarker,
  isJfif,
  readAdobeTransform,
  readFrame,
  readHuffmanTables,
  readQuantTables,
  readRestartInterval,
  readScan,
  segmentLength,
  type Frame,
  type Scan,
} from './header-segments';
import { DEFAULT_SCAN_LIMITS, ScanBudget, type ScanLimits } from './scan-budget';

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
  /** Three components holding R, G, B rather than YCbCr (Adobe transform 0, or ids 'R','G','B' without JFIF, as libjpeg decides). */
  storesRgb: boolean;
  /** Scans (SOS segments) in the image. */
  scans: number;
  /** Sum over the scans of the 8x8 blocks each decodes: the decoder's work. */
  blockVisits: number;
  /** MCUs between restart markers (DRI) in force at the last scan; 0 = none. */
  restartInterval: number;
  /** A Motion-JPEG style frame without DHT: decode it with the standard tables of T.81 K.3. */
  needsStandardHuffmanTables: boolean;
  /** Offset just past the EOI marker; anything after it is ignored. */
  end: number;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP0 = 0xe0;
const DQT = 0xdb;
const DNL = 0xdc;
const DRI = 0xdd;
const DHT = 0xc4;
const APP14 = 0xee;
const COM = 0xfe;

/** Markers of codings that need a different decoder: arithmetic conditioning, hierarchical, JPEG-LS. */
const UNSUPPORTED_MARKERS: Record<number, string> = {
  0xcc: 'arithmetic coding (DAC marker)',
  0xde: 'hierarchical coding (DHP marker)',
  0xdf: 'hierarchical coding (EXP marker)',
  0xf8: 'JPEG-LS (LSE marker)',
};

/**
 * Where the entropy-coded data starting at `from` ends: the offset of the first marker after it
 * that is neither a stuffed 0xFF00 nor a restart marker (of its last 0xFF, fill bytes skipped),
 * or -1 if the bytes end first.
 */
export type ScanEndFinder = (from: number) => number;

/**
 * Parses and checks every marker up to EOI; throws a typed error for anything not decodable.
 * `findScanEnd` skips the scans' coded data faster where it can (the bytes in kernel memory).
 */
export function readJpegHeader(bytes: Uint8Array, limits: ScanLimits = DEFAULT_SCAN_LIMITS, findScanEnd?: ScanEndFinder): JpegHeader {
  if (bytes.length === 0) throw new NotAJpegError('empty file, not a JPEG');
  if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== SOI) throw new NotAJpegError(`not a JPEG (${describeStart(bytes)})`);
  return new HeaderReader(bytes, limits, findScanEnd ?? ((from) => scanEnd(bytes, from))).read();
}

/** The ScanEndFinder for bytes in a JavaScript array. */
export function scanEnd(bytes: Uint8Array, from: number): number {
  for (let at = from; ; ) {
    at = bytes.indexOf(0xff, at);
    if (at < 0 || at + 1 >= bytes.length) return -1;
    const next = bytes[at + 1];
    if (next === 0xff) at += 1;
    else if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at += 2;
    else return at;
  }
}

class HeaderReader {
  private frame: Frame | undefined;
  private budget: ScanBudget | undefined;
  private adobeTransform: number | undefined;
  private readonly quantTables = new Set<number>();
  private readonly huffmanTables = new Set<string>();
  private sawHuffmanTables = false;
  private needsStandardTables = false;
  private restartInterval = 0;
  private sawJfif = false;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: ScanLimits,
    private readonly findScanEnd: ScanEndFinder,
  ) {}

  read(): JpegHeader {
    for (let offset = 2; ; ) {
      const at = this.nextMarker(offset);
      const code = this.bytes[at + 1];
      if (code === EOI) return this.finish(at + 2);
      offset = this.segment(code, at);
    }
  }

  /** Handles the segment whose marker is at `at`; returns the offset after it (and its scan data). */
  private segment(code: number, at: number): number {
    if (code === SOI || (code >= 0xd0 && code <= 0xd7) || code < 0xc0) throw new CorruptJpegError(`unexpected marker 0xFF${hex(code)} at byte ${at}`);
    if (UNSUPPORTED_MARKERS[code]) throw new UnsupportedJpegError(`unsupported JPEG coding: ${UNSUPPORTED_MARKERS[code]}`);
    const length = segmentLength(this.bytes, at);
    const end = at + 2 + length;
    if (code === SOS) return this.scan(at, length);
    if (isFrameMarker(code)) this.readFrame(at, length, code);
    else if (code === DQT) readQuantTables(this.bytes, at, length).forEach((id) => this.quantTables.add(id));
    else if (code === DHT) this.readHuffmanTables(at, length);
    else if (code === DRI) this.restartInterval = readRestartInterval(this.bytes, at, length);
    else if (code === APP0) this.sawJfif ||= isJfif(this.bytes, at, length);
    else if (code === APP14) this.adobeTransform = readAdobeTransform(this.bytes, at, length) ?? this.adobeTransform;
    else if (!(code >= 0xe0 && code <= 0xef) && code !== COM && code !== DNL) throw new UnsupportedJpegError(`unsupported marker 0xFF${hex(code)} at byte ${at}`);
    return end;
  }

  private readFrame(at: number, length: number, code: number): void {
    if (this.frame) throw new CorruptJpegError('more than one frame header (SOF)');
    this.frame = readFrame(this.bytes, at, length, code);
    this.budget = new ScanBudget(this.frame, this.limits);
  }

  private readHuffmanTables(at: number, length: number): void {
    for (const { tc, th } of readHuffmanTables(this.bytes, at, length)) this.huffmanTables.add(`${tc === 0 ? 'DC' : 'AC'}${th}`);
    this.sawHuffmanTables = true;
  }

  /** Checks a scan header and its tables, skips its coded data, and charges it to the budget. */
  private scan(at: number, length: number): number {
    if (!this.frame || !this.budget) throw new CorruptJpegError('scan data before the frame header (SOS before SOF)');
    const scan = readScan(this.bytes, at, length, this.frame);
    this.checkTables(scan, this.budget.scans + 1);
    const dataStart = at + 2 + length;
    const dataEnd = this.endOfScanData(dataStart, this.budget.scans + 1);
    this.budget.add(scan, dataEnd - dataStart);
    return dataEnd;
  }

  private checkTables(scan: Scan, index: number): void {
    const progressive = this.frame?.code === 0xc2;
    for (const { component, dcTable, acTable } of scan.components) {
      if (!this.quantTables.has(component.tq)) throw new CorruptJpegError(`scan ${index} needs quantisation table ${component.tq}, which no DQT segment defined`);
      if (!progressive || (scan.ss === 0 && scan.ah === 0)) this.checkHuffmanTable('DC', dcTable, index, progressive);
      if (!progressive || scan.ss > 0) this.checkHuffmanTable('AC', acTable, index, progressive);
    }
  }

  /**
   * A sequential frame with no DHT at all is a Motion-JPEG frame: T.81 K.3's tables 0 and 1 apply.
   * (A DHT after such a scan means the segments are out of order instead: finish() refuses that.)
   */
  private checkHuffmanTable(kind: 'DC' | 'AC', id: number, index: number, progressive: boolean): void {
    const name = `${kind}${id}`;
    if (this.huffmanTables.has(name)) return;
    if (!this.sawHuffmanTables && !progressive && id <= 1) {
      this.needsStandardTables = true;
      return;
    }
    throw new CorruptJpegError(`scan ${index} needs Huffman table ${name}, which no DHT segment defined`);
  }

  /** The offset of the first marker after a scan's coded data (restart markers belong to the data). */
  private endOfScanData(from: number, index: number): number {
    const at = this.findScanEnd(from);
    if (at < 0) throw new CorruptJpegError(`truncated: the data ends inside scan ${index} (no end-of-image marker)`);
    return at;
  }

  /** The offset of the next marker (fill bytes 0xFF skipped); throws at the end of the data. */
  private nextMarker(offset: number): number {
    const bytes = this.bytes;
    if (offset + 1 >= bytes.length) throw this.truncated();
    if (bytes[offset] !== 0xff) throw new CorruptJpegError(`expected a marker at byte ${offset}, found 0x${hex(bytes[offset])}`);
    let at = offset;
    while (at + 1 < bytes.length && bytes[at + 1] === 0xff) at++;
    if (at + 1 >= bytes.length) throw this.truncated();
    return at;
  }

  private finish(end: number): JpegHeader {
    const frame = this.frame;
    if (!frame || !this.budget) throw new NotAJpegError('not a JPEG image: no frame header before the end marker');
    if (this.budget.scans === 0) throw new CorruptJpegError('image data missing (EOI before the first scan)');
    if (this.needsStandardTables && this.sawHuffmanTables) {
      throw new CorruptJpegError('a scan comes before the Huffman tables (DHT) it needs: the segments are out of order');
    }
    const missing = frame.components.find((c) => !this.quantTables.has(c.tq));
    if (missing) throw new CorruptJpegError(`component ${missing.id} needs quantisation table ${missing.tq}, which no DQT segment defined`);
    if (frame.components.length === 4 && this.adobeTransform === undefined) {
      throw new UnsupportedJpegError('4-component JPEG without an Adobe APP14 marker: CMYK or YCCK cannot be told apart');
    }
    return {
      width: frame.width,
      height: frame.height,
      components: frame.components.length,
      frameType: frame.code,
      adobeTransform: this.adobeTransform,
      sampling: frame.components.map((c): [number, number] => [c.h, c.v]),
      storesRgb: this.storesRgb(frame),
      scans: this.budget.scans,
      blockVisits: this.budget.blockVisits,
      restartInterval: this.restartInterval,
      needsStandardHuffmanTables: this.needsStandardTables,
      end,
    };
  }

  private storesRgb(frame: Frame): boolean {
    if (frame.components.length !== 3) return false;
    if (this.adobeTransform !== undefined) return this.adobeTransform === 0;
    return !this.sawJfif && frame.components.map((c) => String.fromCharCode(c.id)).join('') === 'RGB';
  }

  private truncated(): CorruptJpegError {
    if (!this.frame) return new CorruptJpegError('truncated: the data ends before the frame header');
    if (!this.budget?.scans) return new CorruptJpegError('truncated: the data ends before the first scan');
    return new CorruptJpegError('truncated: the data ends without an end-of-image marker');
  }
}

function describeStart(bytes: Uint8Array): string {
  const text = String.fromCharCode(...bytes.subarray(0, 4));
  if (text === '\x89PNG') return 'it is a PNG image';
  if (text.startsWith('GIF8')) return 'it is a GIF image';
  if (text === 'RIFF') return 'it is a RIFF (WebP/AVI/WAV) file';
  return `starts with 0x${Array.from(bytes.subarray(0, 4), hex).join('')} instead of the SOI marker 0xFFD8`;
}
