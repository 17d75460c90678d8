import { AC_BITS, AC_VALUES, AC_VALUE_COUNT, DC_BITS, DC_VALUES, DC_VALUE_COUNT } from "./tables";
import { QUANT_ZIGZAG } from "./quantize";

// The marker segments of a baseline, 8-bit, one-component JFIF file.
// see: ITU-T T.81 Annex B (B.2.2 SOF, B.2.3 SOS, B.2.4.1 DQT, B.2.4.2 DHT) and the
// JFIF 1.02 specification (APP0 "JFIF\0" segment), https://www.w3.org/Graphics/JPEG/jfif3.pdf

const SOI: u32 = 0xffd8;
const APP0: u32 = 0xffe0;
const DQT: u32 = 0xffdb;
const SOF0: u32 = 0xffc0;
const DHT: u32 = 0xffc4;
const SOS: u32 = 0xffda;
const EOI: u32 = 0xffd9;

const APP0_LENGTH: u32 = 16;
const DQT_LENGTH: u32 = 2 + 1 + 64;
const SOF0_LENGTH: u32 = 2 + 6 + 3;
const DHT_LENGTH: u32 = 2 + (1 + 16 + <u32>DC_VALUE_COUNT) + (1 + 16 + <u32>AC_VALUE_COUNT);
const SOS_LENGTH: u32 = 2 + 1 + 2 + 3;

/** Bytes from SOI to the end of SOS: every marker is 2 bytes plus its length field's count. */
export const HEADER_BYTES: i32 = 2 + <i32>(5 * 2 + APP0_LENGTH + DQT_LENGTH + SOF0_LENGTH + DHT_LENGTH + SOS_LENGTH);
export const EOI_BYTES: i32 = 2;

/** Writes SOI, APP0, DQT, SOF0, DHT and SOS at `p` (HEADER_BYTES bytes); returns the end. */
export function writeHeaders(p: usize, width: i32, height: i32): usize {
  p = put16(p, SOI);
  p = writeApp0(p);
  p = writeDqt(p);
  p = writeSof0(p, width, height);
  p = writeDht(p);
  return writeSos(p);
}

/** Writes EOI at `p`; returns the end. */
export function writeEoi(p: usize): usize {
  return put16(p, EOI);
}

function writeApp0(p: usize): usize {
  p = put16(p, APP0);
  p = put16(p, APP0_LENGTH);
  p = put16(p, 0x4a46); // "JF"
  p = put16(p, 0x4946); // "IF"
  p = put8(p, 0);
  p = put16(p, 0x0102); // version 1.02
  p = put8(p, 0); // density units: none, aspect ratio only
  p = put16(p, 1); // X density
  p = put16(p, 1); // Y density
  return put16(p, 0); // no thumbnail (0 x 0)
}

function writeDqt(p: usize): usize {
  p = put16(p, DQT);
  p = put16(p, DQT_LENGTH);
  p = put8(p, 0x00); // 8-bit entries, table 0
  memory.copy(p, QUANT_ZIGZAG, 64);
  return p + 64;
}

function writeSof0(p: usize, width: i32, height: i32): usize {
  p = put16(p, SOF0);
  p = put16(p, SOF0_LENGTH);
  p = put8(p, 8); // sample precision
  p = put16(p, <u32>height);
  p = put16(p, <u32>width);
  p = put8(p, 1); // one component
  p = put8(p, 1); // component id
  p = put8(p, 0x11); // sampling 1x1
  return put8(p, 0); // quantisation table 0
}

function writeDht(p: usize): usize {
  p = put16(p, DHT);
  p = put16(p, DHT_LENGTH);
  p = writeHuffmanTable(p, 0x00, DC_BITS, DC_VALUES, DC_VALUE_COUNT); // DC table 0
  return writeHuffmanTable(p, 0x10, AC_BITS, AC_VALUES, AC_VALUE_COUNT); // AC table 0
}

function writeHuffmanTable(p: usize, classAndId: u32, bits: usize, values: usize, count: i32): usize {
  p = put8(p, classAndId);
  memory.copy(p, bits, 16);
  memory.copy(p + 16, values, <usize>count);
  return p + 16 + <usize>count;
}

function writeSos(p: usize): usize {
  p = put16(p, SOS);
  p = put16(p, SOS_LENGTH);
  p = put8(p, 1); // one component in the scan
  p = put8(p, 1); // component id
  p = put8(p, 0x00); // DC table 0, AC table 0
  p = put8(p, 0); // spectral selection start
  p = put8(p, 63); // spectral selection end
  return put8(p, 0); // successive approximation: none
}

@inline function put8(p: usize, value: u32): usize {
  store<u8>(p, <u8>value);
  return p + 1;
}

@inline function put16(p: usize, value: u32): usize {
  store<u8>(p, <u8>(value >> 8));
  store<u8>(p, <u8>value, 1);
  return p + 2;
}
