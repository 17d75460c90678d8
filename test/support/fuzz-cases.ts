// The fuzzer's cases: case `id` of run `seed` is always the same bytes, whatever ran before it,
// so any case can be rebuilt alone from (seed, id) to reproduce a failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { concat } from './jpeg-writer';
import { withoutDht } from './bad-jpegs';
import { segmentsOf, type Segment } from './jpeg-segments';
import { seededRandom } from './images';
import { makeJpeg } from './jpegs';

type Random = () => number;

const FIXTURES = join(__dirname, '..', 'fixtures', 'robustness');

/** Valid JPEGs of several kinds, all small so a case takes about a millisecond. */
export function fuzzSeeds(): Array<{ name: string; bytes: Uint8Array }> {
  const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
  return [
    { name: 'baseline 4:4:4 (jpeg-js)', bytes: makeJpeg(24, 16, 1, 80) },
    { name: 'baseline 4:2:0 (libjpeg-turbo)', bytes: fixture('s420.jpg') },
    { name: 'baseline 4:1:1', bytes: fixture('s411.jpg') },
    { name: 'greyscale', bytes: fixture('grey.jpg') },
    { name: 'restart every MCU', bytes: fixture('restart-every-mcu.jpg') },
    { name: 'progressive 4:2:0', bytes: fixture('progressive.jpg') },
    { name: 'progressive greyscale', bytes: fixture('progressive-grey.jpg') },
    { name: 'YCCK (Adobe)', bytes: fixture('ycck.jpg') },
    { name: 'Motion-JPEG (no DHT)', bytes: withoutDht(makeJpeg(16, 16, 2, 80)) },
  ];
}

export interface FuzzCase {
  id: number;
  seedName: string;
  /** What was done to the seed, for the failure report. */
  mutations: string[];
  bytes: Uint8Array;
}

/** A 32-bit mix of the run seed and the case id (splitmix-style), so neighbouring ids differ fully. */
function caseSeed(seed: number, id: number): number {
  let x = (seed ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  return Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
}

export function fuzzCase(seeds: Array<{ name: string; bytes: Uint8Array }>, seed: number, id: number): FuzzCase {
  const random = seededRandom(caseSeed(seed, id));
  const base = seeds[Math.floor(random() * seeds.length)];
  let bytes: Uint8Array = Uint8Array.from(base.bytes);
  const mutations: string[] = [];
  const count = 1 + Math.floor(random() * random() * 4);
  for (let i = 0; i < count; i++) {
    const mutation = MUTATIONS[Math.floor(random() * MUTATIONS.length)];
    const result = mutation(bytes, random);
    bytes = result.bytes;
    mutations.push(result.what);
  }
  return { id, seedName: base.name, mutations, bytes };
}

type Mutation = (bytes: Uint8Array, random: Random) => { bytes: Uint8Array; what: string };

const pick = (random: Random, n: number) => Math.floor(random() * n);

/** Segments of a JPEG that may already be mutated: the parse stops quietly where it breaks. */
function looseSegments(bytes: Uint8Array): Segment[] {
  try {
    return segmentsOf(bytes);
  } catch {
    return [{ marker: 0xd8, at: 0, end: Math.min(2, bytes.length) }];
  }
}

const bitFlips: Mutation = (bytes, random) => {
  const out = Uint8Array.from(bytes);
  const flips = 1 + pick(random, 8);
  for (let i = 0; i < flips && out.length > 0; i++) out[pick(random, out.length)] ^= 1 << pick(random, 8);
  return { bytes: out, what: `${flips} bit flips` };
};

const byteRun: Mutation = (bytes, random) => {
  const out = Uint8Array.from(bytes);
  const at = pick(random, out.length);
  const length = 1 + pick(random, 64);
  const fill = [0x00, 0xff, pick(random, 256), -1][pick(random, 4)];
  for (let i = at; i < Math.min(out.length, at + length); i++) out[i] = fill < 0 ? pick(random, 256) : fill;
  return { bytes: out, what: `run of ${length} x ${fill < 0 ? 'random' : `0x${fill.toString(16)}`} at ${at}` };
};

const truncation: Mutation = (bytes, random) => {
  const at = pick(random, bytes.length + 1);
  return { bytes: bytes.slice(0, at), what: `truncated to ${at}` };
};

const duplicateSegment: Mutation = (bytes, random) => {
  const segments = looseSegments(bytes);
  const s = segments[pick(random, segments.length)];
  const where = segments[pick(random, segments.length)].end;
  return { bytes: concat([bytes.subarray(0, where), bytes.subarray(s.at, s.end), bytes.subarray(where)]), what: `0xFF${hex(s.marker)} copied to ${where}` };
};

const removeSegment: Mutation = (bytes, random) => {
  const segments = looseSegments(bytes);
  const s = segments[pick(random, segments.length)];
  return { bytes: concat([bytes.subarray(0, s.at), bytes.subarray(s.end)]), what: `0xFF${hex(s.marker)} at ${s.at} removed` };
};

/** Interesting values for a header byte or 16-bit field: limits, off-by-ones, random. */
function interesting(random: Random, wide: boolean): number {
  const values = wide ? [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 255, 256, 4096, 32767, 32768, 65535] : [0, 1, 2, 3, 4, 5, 15, 16, 17, 0x11, 0x22, 0x44, 0x55, 0x7f, 0x80, 0xff];
  return random() < 0.7 ? values[pick(random, values.length)] : pick(random, wide ? 65536 : 256);
}

/** Offsets (from the marker) of the fields worth editing, per marker. */
function fieldsOf(bytes: Uint8Array, s: Segment, random: Random): Array<[offset: number, wide: boolean, name: string]> {
  const fields: Array<[number, boolean, string]> = [[2, true, 'length']];
  if (s.marker >= 0xc0 && s.marker <= 0xc2) {
    fields.push([4, false, 'precision'], [5, true, 'height'], [7, true, 'width'], [9, false, 'component count']);
    for (let c = 0; c < bytes[s.at + 9] && s.at + 12 + 3 * c < s.end; c++) fields.push([10 + 3 * c, false, `component ${c} id`], [11 + 3 * c, false, `component ${c} sampling`], [12 + 3 * c, false, `component ${c} table`]);
  }
  if (s.marker === 0xda) {
    const n = bytes[s.at + 4];
    fields.push([4, false, 'scan component count']);
    for (let c = 0; c < n && s.at + 6 + 2 * c < s.end; c++) fields.push([5 + 2 * c, false, `scan component ${c} id`], [6 + 2 * c, false, `scan component ${c} tables`]);
    fields.push([5 + 2 * n, false, 'Ss'], [6 + 2 * n, false, 'Se'], [7 + 2 * n, false, 'Ah/Al']);
  }
  if (s.marker === 0xdb) fields.push([4, false, 'quant precision/id']);
  if (s.marker === 0xc4) fields.push([4, false, 'Huffman class/id'], [5 + pick(random, 16), false, 'Huffman count']);
  if (s.marker === 0xdd) fields.push([4, true, 'restart interval']);
  return fields.filter(([offset, wide]) => s.at + offset + (wide ? 1 : 0) < Math.min(s.end, bytes.length));
}

const headerField: Mutation = (bytes, random) => {
  const segments = looseSegments(bytes).filter((s) => s.marker !== 0xd8 && s.marker !== 0xd9);
  if (segments.length === 0) return bitFlips(bytes, random);
  const s = segments[pick(random, segments.length)];
  const fields = fieldsOf(bytes, s, random);
  if (fields.length === 0) return bitFlips(bytes, random);
  const [offset, wide, name] = fields[pick(random, fields.length)];
  const value = interesting(random, wide);
  const out = Uint8Array.from(bytes);
  if (wide) out.set([value >> 8, value & 255], s.at + offset);
  else out[s.at + offset] = value;
  return { bytes: out, what: `0xFF${hex(s.marker)} ${name} = ${value}` };
};

const MUTATIONS: Mutation[] = [bitFlips, byteRun, truncation, duplicateSegment, removeSegment, headerField, headerField];

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
