// The fixed boxes of a one-video-track MP4. Times are zero (creation and modification) so the
// same input always gives the same bytes; a box switches to version 1 (64-bit times) only when
// the duration does not fit 32 bits.
// see: ISO/IEC 14496-12 4.3 ftyp, 8.2.2 mvhd, 8.3.2 tkhd, 8.4.2 mdhd, 8.4.3 hdlr, 12.1.2 vmhd,
// 8.7.1-2 dinf/dref, 8.5.2 stsd, 12.1.3 VisualSampleEntry; ISO/IEC 14496-15 5.4.2 avc1
import { writeAvcC, type ParameterSets } from './avc-config';
import type { ByteWriter } from './byte-writer';
import type { SpsInfo } from './h264-sps';

const MAX_U32 = 0xffffffff;
/** The identity transformation matrix (16.16 and 2.30 fixed point), 14496-12 6.2.2. */
const UNITY_MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
const TRACK_ID = 1;
/** track_enabled | track_in_movie. */
const TKHD_FLAGS = 0x000003;
/** ISO 639-2 "und" packed as three 5-bit letters (each letter - 0x60). */
const LANGUAGE_UND = ((0x75 - 0x60) << 10) | ((0x6e - 0x60) << 5) | (0x64 - 0x60);

export interface MovieTiming {
  timescale: number;
  /** Whole duration in timescale ticks. */
  duration: number;
}

/** ftyp: ISO base media with AVC, readable by MP4 players (brands isom, iso2, avc1, mp41). */
export function writeFtyp(writer: ByteWriter): void {
  writer.box('ftyp', (box) => {
    box.fourcc('isom').u32(0x200);
    for (const brand of ['isom', 'iso2', 'avc1', 'mp41']) box.fourcc(brand);
  });
}

/** Creation time, modification time, (track id,) timescale or nothing, duration: 32 or 64 bits. */
function writeTimes(writer: ByteWriter, version: number, duration: number, middle: (w: ByteWriter) => void): void {
  if (version === 1) writer.u64(0).u64(0);
  else writer.u32(0).u32(0);
  middle(writer);
  if (version === 1) writer.u64(duration);
  else writer.u32(duration);
}

const versionFor = (duration: number) => (duration > MAX_U32 ? 1 : 0);

export function writeMvhd(writer: ByteWriter, timing: MovieTiming): void {
  const version = versionFor(timing.duration);
  writer.fullBox('mvhd', version, 0, (box) => {
    writeTimes(box, version, timing.duration, (w) => w.u32(timing.timescale));
    box.u32(0x00010000).u16(0x0100).zeros(2 + 8); // rate 1.0, volume 1.0, reserved
    for (const value of UNITY_MATRIX) box.u32(value);
    box.zeros(24).u32(TRACK_ID + 1); // pre_defined, next_track_ID
  });
}

/** tkhd: the display size, as 16.16 fixed point. */
export function writeTkhd(writer: ByteWriter, timing: MovieTiming, width: number, height: number): void {
  const version = versionFor(timing.duration);
  writer.fullBox('tkhd', version, TKHD_FLAGS, (box) => {
    writeTimes(box, version, timing.duration, (w) => w.u32(TRACK_ID).u32(0));
    box.zeros(8).u16(0).u16(0).u16(0).u16(0); // reserved, layer, alternate_group, volume (video: 0), reserved
    for (const value of UNITY_MATRIX) box.u32(value);
    box.u32(width * 0x10000).u32(height * 0x10000);
  });
}

export function writeMdhd(writer: ByteWriter, timing: MovieTiming): void {
  const version = versionFor(timing.duration);
  writer.fullBox('mdhd', version, 0, (box) => {
    writeTimes(box, version, timing.duration, (w) => w.u32(timing.timescale));
    box.u16(LANGUAGE_UND).u16(0);
  });
}

export function writeVideoHdlr(writer: ByteWriter): void {
  writer.fullBox('hdlr', 0, 0, (box) => {
    box.u32(0).fourcc('vide').zeros(12);
    box.bytes(new TextEncoder().encode('VideoHandler\0'));
  });
}

/** vmhd (flags 1, as the standard requires) and dinf with one self-contained data reference. */
export function writeVideoMediaHeaderAndData(writer: ByteWriter): void {
  writer.fullBox('vmhd', 0, 1, (box) => box.u16(0).zeros(6));
  writer.box('dinf', (dinf) => {
    dinf.fullBox('dref', 0, 0, (dref) => {
      dref.u32(1);
      dref.fullBox('url ', 0, 1, () => undefined); // flag 1: the media data is in this file
    });
  });
}

/** stsd with one avc1 sample entry holding the avcC record. */
export function writeStsd(writer: ByteWriter, sets: ParameterSets, info: SpsInfo): void {
  writer.fullBox('stsd', 0, 0, (stsd) => {
    stsd.u32(1);
    stsd.box('avc1', (entry) => {
      entry.zeros(6).u16(1); // reserved, data_reference_index
      entry.zeros(16); // pre_defined, reserved, pre_defined[3]
      entry.u16(info.width).u16(info.height);
      entry.u32(0x00480000).u32(0x00480000).u32(0); // 72 dpi, 72 dpi, reserved
      entry.u16(1).zeros(32); // frame_count, compressorname (empty)
      entry.u16(0x0018).u16(0xffff); // depth 24, pre_defined -1
      writeAvcC(entry, sets, info);
    });
  });
}
