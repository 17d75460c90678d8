// Marker segments up to the first SOS: what the image is, its tables, and whether this decoder
// takes it. Every read is checked against the end of the input; every loop moves forward.
// This parser decides only how an image is decoded: here, or by the jpeg-js fallback (codes.ts).
// Whether an input is decoded at all is decided before, by the TypeScript header reader
// (src/jpeg/header.ts), which checks every segment up to EOI; the codes for damaged and
// unsupported files here keep the decoder safe on its own. Both read the same frame
// (test/jpeg/header-parsers.test.ts).
// see: ITU-T T.81 B.1.1.3 (marker codes, Table B.1), B.2 (frame and scan headers), B.2.4
//      (tables, DRI); JFIF 1.02 (APP0); Adobe TN 5116 (APP14 transform flag).
import * as code from "./codes";
import { parseHuffmanTables, requireTable, resetHuffman } from "./huffman";
import { parseQuantTables, prepareScaledTable, resetQuant } from "./quant";
import * as state from "./state";
import { C_H, C_ID, C_TA, C_TD, C_TQ, C_V, comp, setComp, setScanComponent } from "./state";

@inline function byteAt(p: usize): i32 {
  return <i32>load<u8>(p);
}
@inline function u16be(p: usize): i32 {
  return (<i32>load<u8>(p) << 8) | <i32>load<u8>(p + 1);
}

/** frameMarkerCode's answer for a marker that does not start a frame. */
const NOT_A_FRAME: i32 = 1;

/** OK for SOF0/SOF1/SOF2, the code of a frame marker nothing here decodes, else NOT_A_FRAME. */
function frameMarkerCode(marker: i32): i32 {
  if (marker == 0xc0 || marker == 0xc1 || marker == 0xc2) return code.OK;
  if (marker == 0xc3) return code.UNSUPPORTED_LOSSLESS;
  if (marker >= 0xc5 && marker <= 0xc7) return code.UNSUPPORTED_HIERARCHICAL;
  if (marker == 0xde || marker == 0xdf) return code.UNSUPPORTED_HIERARCHICAL; // DHP, EXP
  if (marker >= 0xc9 && marker <= 0xcf && marker != 0xcc) return code.UNSUPPORTED_ARITHMETIC;
  if (marker == 0xf7 || marker == 0xf8) return code.UNSUPPORTED_JPEG_LS; // SOF55, LSE
  return NOT_A_FRAME;
}

/** Parses markers from SOI up to the first SOS; returns OK (ready to decode) or a code. */
export function parseHeaders(src: usize, length: i32): i32 {
  state.resetState();
  resetQuant();
  resetHuffman();
  const end = src + <usize>max(length, 0);
  if (length < 2 || byteAt(src) != 0xff || byteAt(src + 1) != 0xd8) return code.NOT_A_JPEG;
  let pos = src + 2;
  let sawFrame = false;
  while (true) {
    if (pos >= end) return sawFrame ? code.TRUNCATED : code.NO_FRAME;
    if (byteAt(pos) != 0xff) return code.BAD_MARKER;
    while (pos < end && byteAt(pos) == 0xff) pos++; // fill bytes
    if (pos >= end) return sawFrame ? code.TRUNCATED : code.NO_FRAME;
    const marker = byteAt(pos++);
    if (marker == 0xd9) return sawFrame ? code.NO_SCAN : code.NO_FRAME; // EOI
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length: TEM, RSTn
    if (marker == 0x00 || marker == 0xd8) return code.BAD_MARKER;
    if (pos + 2 > end) return sawFrame ? code.TRUNCATED : code.SEGMENT_OVERRUN;
    const segment = u16be(pos);
    if (segment < 2) return code.BAD_SEGMENT;
    if (pos + <usize>segment > end) return code.SEGMENT_OVERRUN;
    const body = pos + 2;
    const size = segment - 2;
    const frameCode = frameMarkerCode(marker);
    let rc = code.OK;
    if (frameCode < code.OK) return frameCode;
    if (frameCode == code.OK) {
      if (sawFrame) return code.BAD_SEGMENT;
      sawFrame = true;
      rc = parseFrame(marker, body, size);
    } else if (marker == 0xc4) rc = parseHuffmanTables(body, size);
    else if (marker == 0xdb) rc = parseQuantTables(body, size);
    else if (marker == 0xdd) rc = parseRestartInterval(body, size);
    else if (marker == 0xe0) noteJfif(body, size);
    else if (marker == 0xee) noteAdobe(body, size);
    else if (marker == 0xda) {
      if (!sawFrame) return code.BAD_MARKER;
      rc = parseScan(body, size);
      if (rc == code.OK) {
        state.scanStart = body + <usize>size;
        state.inputEnd = end;
        state.parsed = true;
      }
      return rc;
    }
    if (rc != code.OK) return rc;
    pos += <usize>segment;
  }
}

/** SOF0/SOF1/SOF2 (B.2.2). Sets the dimensions first, so they are known even when it refuses. */
function parseFrame(marker: i32, body: usize, size: i32): i32 {
  if (size < 6) return code.BAD_SEGMENT;
  const precision = byteAt(body);
  const height = u16be(body + 1);
  const width = u16be(body + 3);
  const count = byteAt(body + 5);
  if (count == 0 || size != 6 + 3 * count) return code.BAD_SEGMENT;
  state.frameMarker = marker;
  state.frameWidth = width;
  state.frameHeight = height;
  state.componentCount = count;
  if (precision != 8) return precision == 12 || precision == 16 ? code.UNSUPPORTED_PRECISION : code.BAD_SEGMENT;
  if (width == 0 || height == 0) return code.ZERO_DIMENSION;
  let maxH = 1;
  let maxV = 1;
  let blocks = 0;
  for (let i = 0; i < count; i++) {
    const p = body + 6 + <usize>(3 * i);
    const h = byteAt(p + 1) >> 4;
    const v = byteAt(p + 1) & 15;
    if (h < 1 || h > 4 || v < 1 || v > 4 || byteAt(p + 2) > 3) return code.BAD_SEGMENT;
    state.setDeclaredSampling(i, byteAt(p + 1));
    maxH = max(maxH, h);
    maxV = max(maxV, v);
    blocks += h * v;
    if (i < state.MAX_COMPONENTS) {
      for (let j = 0; j < i; j++) if (comp(j, C_ID) == byteAt(p)) return code.BAD_SEGMENT;
      setComp(i, C_ID, byteAt(p));
      setComp(i, C_H, h);
      setComp(i, C_V, v);
      setComp(i, C_TQ, byteAt(p + 2));
    }
  }
  if (marker == 0xc2) return code.FALLBACK_PROGRESSIVE;
  if (count != 1 && count != 3) return code.FALLBACK_COLOUR_SPACE;
  if (count == 1) {
    // One component: a non-interleaved scan whose MCU is one block, whatever the factors say.
    setComp(0, C_H, 1);
    setComp(0, C_V, 1);
    return code.OK;
  }
  if (blocks > 10) return code.BAD_SEGMENT; // B.2.3: at most 10 blocks per MCU
  for (let i = 0; i < count; i++) {
    if (maxH % comp(i, C_H) != 0 || maxV % comp(i, C_V) != 0) return code.FALLBACK_SAMPLING;
  }
  state.maxH = maxH;
  state.maxV = maxV;
  return code.OK;
}

/** SOS (B.2.3): this decoder takes one scan with every component, the whole spectrum, no approximation. */
function parseScan(body: usize, size: i32): i32 {
  if (size < 1) return code.BAD_SEGMENT;
  const count = byteAt(body);
  if (count < 1 || count > 4 || size != 4 + 2 * count) return code.BAD_SEGMENT;
  let seen = 0;
  for (let i = 0; i < count; i++) {
    const p = body + 1 + <usize>(2 * i);
    const c = componentIndex(byteAt(p));
    const td = byteAt(p + 1) >> 4;
    const ta = byteAt(p + 1) & 15;
    if (c < 0 || (seen & (1 << c)) != 0 || td > 3 || ta > 3) return code.BAD_SEGMENT;
    seen |= 1 << c;
    if (i < state.MAX_COMPONENTS) {
      setScanComponent(i, c);
      setComp(c, C_TD, td);
      setComp(c, C_TA, ta);
    }
  }
  const spectral = body + 1 + <usize>(2 * count);
  if (byteAt(spectral) != 0 || byteAt(spectral + 1) != 63 || byteAt(spectral + 2) != 0) return code.BAD_SEGMENT;
  if (count != state.componentCount) return code.FALLBACK_MULTI_SCAN;
  if (count == 3 && isRgb()) return code.FALLBACK_COLOUR_SPACE;
  return prepareTables(count);
}

/** Frame index of the component with identifier `id`, -1 if none. */
function componentIndex(id: i32): i32 {
  const n = min(state.componentCount, state.MAX_COMPONENTS);
  for (let c = 0; c < n; c++) if (comp(c, C_ID) == id) return c;
  return -1;
}

/** Three components that are not YCbCr: Adobe transform 0 (or YCCK's 2), or ids R, G, B with no JFIF/Adobe segment. */
function isRgb(): bool {
  if (state.adobeTransform >= 0) return state.adobeTransform != 1;
  return !state.sawJfif && comp(0, C_ID) == 0x52 && comp(1, C_ID) == 0x47 && comp(2, C_ID) == 0x42;
}

/** Quantisation and Huffman tables of every component; Annex K tables stand in for a missing DHT. */
function prepareTables(count: i32): i32 {
  for (let c = 0; c < count; c++) {
    let rc = prepareScaledTable(c, comp(c, C_TQ));
    if (rc == code.OK) rc = requireTable(0, comp(c, C_TD));
    if (rc == code.OK) rc = requireTable(1, comp(c, C_TA));
    if (rc != code.OK) return rc;
  }
  return code.OK;
}

/** DRI (B.2.4.4): two bytes, MCUs per restart interval. */
function parseRestartInterval(body: usize, size: i32): i32 {
  if (size != 2) return code.BAD_SEGMENT;
  state.restartInterval = u16be(body);
  return code.OK;
}

/** APP0 "JFIF\0": the file declares YCbCr (or grey). */
function noteJfif(body: usize, size: i32): void {
  if (size >= 5 && load<u32>(body) == 0x4649464a && byteAt(body + 4) == 0) state.sawJfif = true;
}

/** APP14 "Adobe": version (2), flags (2 + 2), then the transform byte. */
function noteAdobe(body: usize, size: i32): void {
  if (size >= 12 && load<u32>(body) == 0x626f6441 && byteAt(body + 4) == 0x65) state.adobeTransform = byteAt(body + 11);
}
