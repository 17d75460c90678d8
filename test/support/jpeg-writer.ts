// A tiny JPEG *writer* for test inputs no encoder makes on demand: huge black frames of a few
// hundred KB, progressive files with thousands of scans. Every image it writes is flat black
// (one DC difference, every other coefficient zero), so the data is the shortest codes there are.
// see: ITU-T T.81 Annex B (syntax), F.1.2 (baseline coding), G.1.2 (progressive coding, EOBRUN).

/** A marker segment: 0xFF, marker, 2-byte length (itself included), payload. */
export function segment(marker: number, payload: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + payload.length);
  out.set([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  out.set(Array.from(payload), 4);
  return out;
}

/** Concatenates byte arrays. */
export function concat(parts: ArrayLike<number>[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(Array.from(part), at);
    at += part.length;
  }
  return out;
}

/** Entropy-coded bits, MSB first, with a 0x00 stuffed after every 0xFF byte (T.81 F.1.2.3). */
export class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private count = 0;

  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  /** `count` zero bits; whole zero bytes are appended in bulk (a zero byte needs no stuffing). */
  writeZeros(count: number): void {
    while (count > 0 && this.count !== 0) {
      this.write(0, 1);
      count--;
    }
    for (; count >= 8; count -= 8) this.bytes.push(0);
    this.write(0, count);
  }

  /** Pads the last byte with 1-bits and returns the data. */
  finish(): Uint8Array {
    if (this.count > 0) this.write(0xff, 8 - this.count);
    return Uint8Array.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.count = 0;
  }
}

/** DC categories used: 0 (no change), 1 (-1 after the Al=10 shift) and 11 (-1024, black). */
const DC_CODES: Record<number, [code: number, bits: number]> = { 0: [0b0, 1], 1: [0b10, 2], 11: [0b110, 3] };

/** DHT with the DC table of DC_CODES. */
function dcTable(th: number): Uint8Array {
  return segment(0xc4, [th, 1, 1, 1, ...new Array(13).fill(0), 0, 1, 11]);
}

/** DHT with an AC table holding only EOB (0x00), coded '0'. */
function eobTable(th: number): Uint8Array {
  return segment(0xc4, [(1 << 4) | th, 1, ...new Array(15).fill(0), 0x00]);
}

/** Writes a DC difference (T.81 F.1.2.1): category code, then the low bits (negative: v - 1). */
function writeDc(bits: BitWriter, diff: number): void {
  const category = diff === 0 ? 0 : 32 - Math.clz32(Math.abs(diff));
  const [code, length] = DC_CODES[category];
  bits.write(code, length);
  if (category > 0) bits.write(diff < 0 ? diff + (1 << category) - 1 : diff, category);
}

/** A DC scan: the first block of component 1 jumps to `firstDiff`, every other block stays. */
function dcScanData(blocks: number, firstDiff: number): Uint8Array {
  const bits = new BitWriter();
  writeDc(bits, firstDiff);
  bits.writeZeros(blocks - 1);
  return bits.finish();
}

/** DC refinement (T.81 G.1.2.1): one correction bit per block, all 0 for a multiple of 1024. */
function dcRefinementData(blocks: number): Uint8Array {
  const bits = new BitWriter();
  bits.writeZeros(blocks);
  return bits.finish();
}

/** DHT with an AC table of the 15 EOBn symbols (n = 0..14), EOBn coded as n in 4 bits. */
function eobRunTable(th: number): Uint8Array {
  const counts = new Array(16).fill(0);
  counts[3] = 15;
  return segment(0xc4, [(1 << 4) | th, ...counts, ...Array.from({ length: 15 }, (_, n) => n << 4)]);
}

/** EOBRUN codes for `blocks` all-zero blocks, at most 32767 blocks per code (T.81 G.1.2.2). */
function eobRuns(blocks: number): Uint8Array {
  const bits = new BitWriter();
  for (let left = blocks; left > 0; ) {
    const run = Math.min(left, 32767);
    const n = 31 - Math.clz32(run);
    bits.write(n, 4);
    bits.write(run - (1 << n), n);
    left -= run;
  }
  return bits.finish();
}

export interface FlatJpegOptions {
  width: number;
  height: number;
  /** 1 (grey) or 3 (three 1x1-sampled components, i.e. 4:4:4). */
  components?: 1 | 3;
}

function header(marker: number, { width, height, components = 1 }: FlatJpegOptions): Uint8Array[] {
  const ids = components === 1 ? [1] : [1, 2, 3];
  return [
    Uint8Array.of(0xff, 0xd8),
    segment(0xdb, [0, ...new Array(64).fill(1)]),
    segment(marker, [8, height >> 8, height & 255, width >> 8, width & 255, ids.length, ...ids.flatMap((id) => [id, 0x11, 0])]),
  ];
}

function sos(ids: number[], tables: number, ss: number, se: number, ah: number, al: number): Uint8Array {
  return segment(0xda, [ids.length, ...ids.flatMap((id) => [id, tables]), ss, se, (ah << 4) | al]);
}

function blocksOf({ width, height }: FlatJpegOptions): number {
  return Math.ceil(width / 8) * Math.ceil(height / 8);
}

/** Black: Y = 0 is -128 after the level shift, times 8 in the DC coefficient, quantiser 1. */
const BLACK_DC = -1024;

/**
 * A valid black baseline JPEG with tiny tables: 2 bits per 8x8 block (DC "no change" and EOB),
 * so 20000x20000 greyscale takes 1.56 MB. `components: 3` gives 4:2:0 YCbCr, like a video frame.
 */
export function flatBaselineJpeg(size: FlatJpegOptions): Uint8Array {
  const ids = size.components === 3 ? [1, 2, 3] : [1];
  const { width, height } = size;
  const sampling = ids.map((id) => (id === 1 && ids.length === 3 ? 0x22 : 0x11));
  const mcus = ids.length === 3 ? Math.ceil(width / 16) * Math.ceil(height / 16) : blocksOf(size);
  return concat([
    Uint8Array.of(0xff, 0xd8),
    segment(0xdb, [0, ...new Array(64).fill(1)]),
    segment(0xc0, [8, height >> 8, height & 255, width >> 8, width & 255, ids.length, ...ids.flatMap((id, i) => [id, sampling[i], 0])]),
    dcTable(0),
    eobTable(0),
    sos(ids, 0x00, 0, 63, 0, 0),
    baselineData(mcus * (ids.length === 3 ? 6 : 1)),
    Uint8Array.of(0xff, 0xd9),
  ]);
}

/** The first block (luma) jumps to black; every block after it is "no change" + EOB. */
function baselineData(blocks: number): Uint8Array {
  const bits = new BitWriter();
  writeDc(bits, BLACK_DC);
  bits.write(0, 1);
  bits.writeZeros(2 * (blocks - 1));
  return bits.finish();
}

/**
 * A valid black progressive JPEG: one DC scan at 1 bit per block plus one EOBRUN-only AC scan
 * per component, so 20000x20000 greyscale takes ~780 KB (the smallest a frame that size can be).
 */
export function flatProgressiveJpeg(size: FlatJpegOptions): Uint8Array {
  const ids = size.components === 3 ? [1, 2, 3] : [1];
  const blocks = blocksOf(size);
  return concat([
    ...header(0xc2, size),
    dcTable(0),
    eobRunTable(0),
    sos(ids, 0x00, 0, 0, 0, 0),
    dcScanData(blocks * ids.length, BLACK_DC),
    ...ids.flatMap((id) => [sos([id], 0x00, 1, 63, 0, 0), eobRuns(blocks)]),
    Uint8Array.of(0xff, 0xd9),
  ]);
}

/**
 * A valid black progressive JPEG with a full successive-approximation script: DC first (Al 10)
 * and 10 DC refinements, then for every component and every coefficient 1..63 an AC first scan
 * (Al 10) and 10 refinements. 1 component: 704 scans; 3 components: 2090 scans. Each AC scan
 * is a few bytes of EOBRUN codes, so the file is small but every scan visits every block.
 * `maxScans` cuts the script short (still a valid sequence, just an incomplete image).
 */
export function manyScansJpeg(size: FlatJpegOptions, maxScans = Infinity): Uint8Array {
  const ids = size.components === 3 ? [1, 2, 3] : [1];
  const blocks = blocksOf(size);
  const scans: Uint8Array[] = [sos(ids, 0x00, 0, 0, 0, 10), dcScanData(blocks * ids.length, BLACK_DC >> 10)];
  const refinement = dcRefinementData(blocks * ids.length);
  for (let al = 9; al >= 0; al--) scans.push(sos(ids, 0x00, 0, 0, al + 1, al), refinement);
  const runs = eobRuns(blocks);
  for (const id of ids) {
    for (let k = 1; k <= 63; k++) {
      scans.push(sos([id], 0x00, k, k, 0, 10), runs);
      for (let al = 9; al >= 0; al--) scans.push(sos([id], 0x00, k, k, al + 1, al), runs);
    }
  }
  const kept = 2 * Math.min(maxScans, scans.length / 2);
  return concat([...header(0xc2, size), dcTable(0), eobRunTable(0), ...scans.slice(0, kept), Uint8Array.of(0xff, 0xd9)]);
}
