// The WebAssembly baseline JPEG decoder (assembly/jpeg-decode, src/wasm-decoder.ts): pixels
// against jpeg-js and libjpeg-turbo on every kind of baseline file, result codes for damaged and
// unsupported files, and no read outside the input, on the release and the debug build.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decode as jpegJsDecode, encode as jpegJsEncode } from 'jpeg-js';
import { CorruptJpegError, ImageTooSmallError, LimitExceededError, NotAJpegError, UnsupportedJpegError } from '../../src/core/errors';
import { JpegDecodeCode, outcomeOf } from '../../src/jpeg/decode-codes';
import { Kernel } from '../../src/wasm/instance';
import { decodeGreyWasm } from '../../src/jpeg/decode-wasm';
import { seededRandom } from '../support/images';

const FIXTURES = join(__dirname, '..', 'fixtures', 'decoder');
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));
const C = JpegDecodeCode;

const builds = [
  { name: 'release', kernel: () => Kernel.instance() },
  { name: 'debug', kernel: (() => { let k: Kernel | undefined; return () => (k ??= Kernel.create('debug')); })() },
];

interface Grey {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The Rec.709 formula of assembly/grey.ts, in TypeScript. */
const luma = (r: number, g: number, b: number) => (r * 13933 + g * 46871 + b * 4732 + 32768) >> 16;

/** jpeg-js's pixels turned grey with the same formula. */
function jpegJsGrey(bytes: Uint8Array): Grey {
  const image = jpegJsDecode(bytes, { formatAsRGBA: false, useTArray: true });
  const pixels = image.width * image.height;
  const data = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) data[i] = luma(image.data[3 * i], image.data[3 * i + 1], image.data[3 * i + 2]);
  return { width: image.width, height: image.height, data };
}

/** A committed libjpeg-turbo reference (binary PGM, gzip). */
function djpegGrey(name: string): Grey {
  const pgm = gunzipSync(readFileSync(join(FIXTURES, name)));
  const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 32))!.map(Number);
  return { width, height, data: new Uint8Array(pgm.subarray(pgm.length - width * height)) };
}

/** Decodes through decodeGreyWasm; any size accepted unless options say otherwise. */
function wasmGrey(kernel: Kernel, bytes: Uint8Array, options = { minSide: 1 }): Grey | 'fallback' {
  kernel.reset();
  const input = kernel.copyIn(bytes);
  const result = decodeGreyWasm(kernel, input, bytes.length, options);
  if (result === 'fallback') return result;
  return { width: result.width, height: result.height, data: kernel.copyOut(result.plane, result.width * result.height) };
}

function decoded(kernel: Kernel, bytes: Uint8Array): Grey {
  const result = wasmGrey(kernel, bytes);
  assert.notEqual(result, 'fallback');
  return result as Grey;
}

function difference(a: Grey, b: Grey): { max: number; mean: number } {
  assert.equal(a.width, b.width);
  assert.equal(a.height, b.height);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.data.length };
}

/**
 * Parse and decode codes with the input's last byte at the very end of linear memory, so any
 * read past the input traps (and fails the test as a KernelTrapError).
 */
function codesAtMemoryEnd(kernel: Kernel, bytes: Uint8Array, maxPixels = 1 << 22): { parse: number; decode?: number } {
  const place = () => {
    const ptr = kernel.alloc(bytes.length);
    const at = kernel.memoryBytes - bytes.length;
    assert.ok(at >= ptr);
    kernel.view(at, bytes.length).set(bytes);
    return at;
  };
  kernel.reset();
  const parse = kernel.jpegParse(place(), bytes.length);
  const { width, height } = kernel.jpegFrame();
  if (parse !== 0 || width * height > maxPixels) return { parse };
  kernel.reset();
  const dst = kernel.alloc(width * height);
  const scratch = kernel.alloc(kernel.jpegScratchBytes());
  assert.equal(kernel.jpegParse(place(), bytes.length), 0);
  return { parse, decode: kernel.jpegDecodeGrey(scratch, dst) };
}

/** The first code that is not OK, or OK. */
const resultCode = (codes: { parse: number; decode?: number }) => (codes.parse !== 0 ? codes.parse : codes.decode ?? 0);

// ---- byte surgery on well-formed files ----

interface Segment {
  marker: number;
  at: number;
  end: number;
}

/** Marker segments SOI..SOS (SOS ends at its header; the entropy-coded data follows). */
function segments(jpeg: Uint8Array): Segment[] {
  const out: Segment[] = [{ marker: 0xd8, at: 0, end: 2 }];
  for (let at = 2; at + 3 < jpeg.length; ) {
    const marker = jpeg[at + 1];
    const end = at + 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
    out.push({ marker, at, end });
    if (marker === 0xda) break;
    at = end;
  }
  return out;
}

const first = (jpeg: Uint8Array, marker: number) => segments(jpeg).find((s) => s.marker === marker)!;
const scanData = (jpeg: Uint8Array) => first(jpeg, 0xda).end;

function patched(jpeg: Uint8Array, at: number, ...bytes: number[]): Uint8Array {
  const copy = jpeg.slice();
  copy.set(bytes, at);
  return copy;
}

function withoutSegments(jpeg: Uint8Array, marker: number): Uint8Array {
  const drop = segments(jpeg).filter((s) => s.marker === marker);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const s of drop) {
    parts.push(jpeg.subarray(from, s.at));
    from = s.end;
  }
  parts.push(jpeg.subarray(from));
  return Buffer.concat(parts);
}

function inserted(jpeg: Uint8Array, at: number, bytes: Uint8Array): Uint8Array {
  return Buffer.concat([jpeg.subarray(0, at), bytes, jpeg.subarray(at)]);
}

/** An APPn/COM-style segment with `length` bytes of body. */
function segmentBytes(marker: number, body: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 255), body]);
}

const DECODABLE = readdirSync(FIXTURES).filter((f) => f.endsWith('.jpg') && !/^(fallback|unsupported)-/.test(f));
/** The repository's real frames (test/fixtures/frames), all baseline. */
const FRAMES = join(__dirname, '..', 'fixtures', 'frames');
const REAL_FRAMES = readdirSync(FRAMES).filter((f) => f.endsWith('.jpg'));
const GREY_FIXTURES = new Set(['grey.jpg', 'grey-restart.jpg', 'grey-2x2.jpg']);

describe('WebAssembly JPEG decoder', () => {
  describe('result codes', () => {
    it('has the same named codes in assembly/jpeg-decode/codes.ts and src/jpeg-decode-codes.ts', () => {
      const source = readFileSync(join(__dirname, '..', '..', 'assembly', 'jpeg-decode', 'codes.ts'), 'utf8');
      const fromAs = Object.fromEntries([...source.matchAll(/export const (\w+): i32 = (-?\d+);/g)].map((m) => [m[1], Number(m[2])]));
      assert.ok(Object.keys(fromAs).length >= 20);
      assert.deepEqual(fromAs, { ...JpegDecodeCode });
    });

    it('keeps every code in the range that says what to do with it', () => {
      for (const [name, code] of Object.entries(JpegDecodeCode)) {
        const expected = name === 'OK' ? 'ok' : name.startsWith('FALLBACK_') ? 'fallback' : name.startsWith('UNSUPPORTED_') ? 'unsupported' : undefined;
        if (expected) assert.equal(outcomeOf(code), expected, name);
      }
      assert.equal(outcomeOf(C.NOT_A_JPEG), 'not-a-jpeg');
      assert.equal(outcomeOf(C.ENTROPY_TRUNCATED), 'corrupt');
      assert.equal(outcomeOf(C.NOT_PARSED), 'misuse');
    });
  });

  for (const build of builds) {
    describe(`${build.name} build`, () => {
      describe('pixels', () => {
        const jpegJs = new Map<string, Grey>();
        const reference = (name: string) => jpegJs.get(name) ?? jpegJs.set(name, jpegJsGrey(fixture(name))).get(name)!;

        // jpeg-js truncates R, G, B where JFIF (and this decoder, and libjpeg) round: on colour files
        // that alone puts the mean difference near 0.5 (with rounding patched into jpeg-js it is
        // ~0.1, max 2). Grey files differ only by jpeg-js's integer IDCT.
        for (const name of DECODABLE) {
          const meanLimit = GREY_FIXTURES.has(name) ? 0.1 : 0.6;
          it(`${name}: within 3 grey levels of jpeg-js (mean < ${meanLimit})`, () => {
            const { max, mean } = difference(decoded(build.kernel(), fixture(name)), reference(name));
            assert.ok(max <= 3, `max difference ${max}`);
            assert.ok(mean < meanLimit, `mean difference ${mean}`);
          });
        }

        it(`the real frames of test/fixtures/frames (${REAL_FRAMES.length}): within 3 grey levels of jpeg-js (mean < 0.6)`, () => {
          assert.ok(REAL_FRAMES.length > 0);
          for (const name of REAL_FRAMES) {
            const bytes = new Uint8Array(readFileSync(join(FRAMES, name)));
            const { max, mean } = difference(decoded(build.kernel(), bytes), jpegJsGrey(bytes));
            assert.ok(max <= 3 && mean < 0.6, `${name}: max ${max} mean ${mean}`);
          }
        });

        for (const name of ['photo-420', 'photo-411', 'hald-444']) {
          it(`${name}.jpg: the same pixels as libjpeg-turbo's float IDCT with replicated chroma (max 1)`, () => {
            const { max, mean } = difference(decoded(build.kernel(), fixture(`${name}.jpg`)), djpegGrey(`${name}.djpeg-grey.pgm.gz`));
            assert.ok(max <= 1, `max difference ${max}`);
            assert.ok(mean < 0.01, `mean difference ${mean}`);
          });
        }

        it('decodes files written by jpeg-js at odd sizes and qualities within tolerance', () => {
          const next = seededRandom(7);
          for (const [width, height, quality] of [[1, 1, 90], [17, 9, 50], [33, 31, 100], [64, 48, 75], [101, 3, 95]]) {
            const data = new Uint8Array(width * height * 4);
            for (let y = 0; y < height; y++) {
              for (let x = 0; x < width; x++) {
                const i = 4 * (y * width + x);
                data.set([(x * 255) / width, (y * 255) / height, next() * 255, 255], i);
              }
            }
            const bytes = new Uint8Array(jpegJsEncode({ data, width, height }, quality).data);
            const { max, mean } = difference(decoded(build.kernel(), bytes), jpegJsGrey(bytes));
            assert.ok(max <= 3 && mean < 0.6, `${width}x${height} q${quality}: max ${max} mean ${mean}`);
          }
        });

        it('gives identical pixels with and without restart markers, and for a grey file declaring 2x2', () => {
          const kernel = build.kernel();
          assert.deepEqual(decoded(kernel, fixture('photo-420-restart-mcu.jpg')).data, decoded(kernel, fixture('photo-420.jpg')).data);
          assert.deepEqual(decoded(kernel, fixture('grey-restart.jpg')).data, decoded(kernel, fixture('grey.jpg')).data);
          assert.deepEqual(decoded(kernel, fixture('grey-2x2.jpg')).data, decoded(kernel, fixture('grey.jpg')).data);
        });

        it('decodes a Motion-JPEG frame without DHT with the Annex K tables', () => {
          const original = fixture('photo-420.jpg'); // cjpeg without -optimize writes the Annex K tables
          const motionJpeg = withoutSegments(original, 0xc4);
          assert.equal(segments(motionJpeg).filter((s) => s.marker === 0xc4).length, 0);
          assert.deepEqual(decoded(build.kernel(), motionJpeg).data, decoded(build.kernel(), original).data);
        });

        it('ignores garbage after EOI, a 60 KB COM segment and unknown APP segments', () => {
          const original = fixture('photo-422.jpg');
          const big = segmentBytes(0xfe, new Uint8Array(60000).fill(0xff));
          const app = segmentBytes(0xe9, new TextEncoder().encode('anything'));
          const bytes = Buffer.concat([inserted(original, 2, Buffer.concat([big, app])), new Uint8Array(500).fill(0x5a)]);
          assert.deepEqual(decoded(build.kernel(), bytes).data, decoded(build.kernel(), original).data);
        });

        it('decodes a 1x1 image to the value jpeg-js gives (and the 3x3 minimum is the default)', () => {
          const kernel = build.kernel();
          const tiny = decoded(kernel, fixture('tiny-1x1.jpg'));
          assert.equal(tiny.data.length, 1);
          assert.equal(tiny.data[0], reference('tiny-1x1.jpg').data[0]);
          kernel.reset();
          const bytes = fixture('tiny-1x1.jpg');
          assert.throws(() => decodeGreyWasm(kernel, kernel.copyIn(bytes), bytes.length), ImageTooSmallError);
          const ok = decodeGreyWasm(kernel, kernel.copyIn(fixture('tiny-3x3.jpg')), fixture('tiny-3x3.jpg').length);
          assert.notEqual(ok, 'fallback');
        });
      });

      describe('fallback and unsupported codings', () => {
        for (const name of ['fallback-progressive.jpg', 'fallback-cmyk.jpg', 'fallback-rgb.jpg', 'fallback-multiscan.jpg']) {
          it(`${name}: 'fallback' (jpeg-js decodes it)`, () => {
            assert.equal(wasmGrey(build.kernel(), fixture(name)), 'fallback');
          });
        }

        it('falls back on sampling factors that are not whole multiples (3x1 luma, 2x1 chroma)', () => {
          const jpeg = fixture('photo-422.jpg');
          const sof = first(jpeg, 0xc0).at;
          const bytes = patched(jpeg, sof + 11, 0x31); // component 1: H=3, V=1
          const withChroma = patched(bytes, sof + 14, 0x21); // component 2: H=2
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), withChroma)), C.FALLBACK_SAMPLING);
        });

        it('knows the frame size of a fallback file (for the limits)', () => {
          const kernel = build.kernel();
          kernel.reset();
          const bytes = fixture('fallback-progressive.jpg');
          assert.equal(kernel.jpegParse(kernel.copyIn(bytes), bytes.length), C.FALLBACK_PROGRESSIVE);
          assert.deepEqual(kernel.jpegFrame(), { width: 203, height: 141, components: 3 });
        });

        const sofPatches: Array<[string, number, number]> = [
          ['lossless SOF3', 0xc3, C.UNSUPPORTED_LOSSLESS],
          ['hierarchical SOF5', 0xc5, C.UNSUPPORTED_HIERARCHICAL],
          ['arithmetic SOF9', 0xc9, C.UNSUPPORTED_ARITHMETIC],
          ['JPEG-LS SOF55', 0xf7, C.UNSUPPORTED_JPEG_LS],
        ];
        for (const [what, marker, code] of sofPatches) {
          it(`refuses ${what} as unsupported`, () => {
            const jpeg = fixture('photo-420.jpg');
            const bytes = patched(jpeg, first(jpeg, 0xc0).at + 1, marker);
            assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), bytes)), code);
            assert.throws(() => wasmGrey(build.kernel(), bytes), UnsupportedJpegError);
          });
        }

        it('refuses the arithmetic-coded fixture and a 12-bit frame header as unsupported', () => {
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), fixture('unsupported-arithmetic.jpg'))), C.UNSUPPORTED_ARITHMETIC);
          const jpeg = fixture('photo-420.jpg');
          const twelveBit = patched(jpeg, first(jpeg, 0xc0).at + 4, 12);
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), twelveBit)), C.UNSUPPORTED_PRECISION);
          assert.throws(() => wasmGrey(build.kernel(), twelveBit), /12-bit/);
        });
      });

      describe('bad input', () => {
        const photo = fixture('photo-420.jpg');

        const notJpegs: Array<[string, Uint8Array]> = [
          ['an empty file', new Uint8Array(0)],
          ['text', new TextEncoder().encode('hello, this is not an image\n')],
          ['a PNG signature', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
          ['only SOI + EOI', Uint8Array.of(0xff, 0xd8, 0xff, 0xd9)],
          ['only SOI', Uint8Array.of(0xff, 0xd8)],
        ];
        for (const [what, bytes] of notJpegs) {
          it(`${what}: NotAJpegError`, () => {
            assert.equal(outcomeOf(resultCode(codesAtMemoryEnd(build.kernel(), bytes))), 'not-a-jpeg');
            assert.throws(() => wasmGrey(build.kernel(), bytes), NotAJpegError);
          });
        }

        it('truncated at 50% and 90%: ENTROPY_TRUNCATED, CorruptJpegError', () => {
          for (const name of ['photo-420.jpg', 'photo-420-restart-mcu.jpg', 'grey.jpg']) {
            const jpeg = fixture(name);
            for (const fraction of [0.5, 0.9]) {
              const bytes = jpeg.subarray(0, Math.floor(jpeg.length * fraction));
              assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), bytes)), C.ENTROPY_TRUNCATED, `${name} at ${fraction}`);
              assert.throws(() => wasmGrey(build.kernel(), bytes), CorruptJpegError);
            }
          }
        });

        it('truncated just before EOI still decodes; cut inside the headers is TRUNCATED or SEGMENT_OVERRUN', () => {
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), photo.subarray(0, photo.length - 2))), C.OK);
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), photo.subarray(0, first(photo, 0xc4).at))), C.TRUNCATED);
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), photo.subarray(0, first(photo, 0xc4).at + 10))), C.SEGMENT_OVERRUN);
        });

        it('an APP segment whose length runs past the end: SEGMENT_OVERRUN', () => {
          const bytes = inserted(photo.subarray(0, 600), 2, Uint8Array.of(0xff, 0xe1, 0xff, 0xf0, 0x45, 0x78, 0x69, 0x66));
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), bytes)), C.SEGMENT_OVERRUN);
          assert.throws(() => wasmGrey(build.kernel(), bytes), /runs past the end/);
        });

        it('SOF with height 0 (or width 0): ZERO_DIMENSION', () => {
          const sof = first(photo, 0xc0).at;
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), patched(photo, sof + 5, 0, 0))), C.ZERO_DIMENSION);
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), patched(photo, sof + 7, 0, 0))), C.ZERO_DIMENSION);
          assert.throws(() => wasmGrey(build.kernel(), patched(photo, sof + 5, 0, 0)), CorruptJpegError);
        });

        it('header fields out of range: BAD_SEGMENT, MISSING_TABLE, BAD_HUFFMAN_TABLE', () => {
          const kernel = build.kernel();
          const sof = first(photo, 0xc0).at;
          const sos = first(photo, 0xda).at;
          const dht = first(photo, 0xc4).at;
          assert.equal(resultCode(codesAtMemoryEnd(kernel, patched(photo, sof + 11, 0x52))), C.BAD_SEGMENT, 'sampling factor 5');
          assert.equal(resultCode(codesAtMemoryEnd(kernel, patched(photo, sof + 12, 7))), C.BAD_SEGMENT, 'quantisation table 7');
          assert.equal(resultCode(codesAtMemoryEnd(kernel, patched(photo, sos + 4, 2))), C.BAD_SEGMENT, 'two components, length for three');
          assert.equal(resultCode(codesAtMemoryEnd(kernel, patched(photo, sos + 6, 0x22))), C.MISSING_TABLE, 'Huffman tables 2');
          assert.equal(resultCode(codesAtMemoryEnd(kernel, withoutSegments(photo, 0xdb))), C.MISSING_TABLE, 'no DQT');
          // Counts 3, 0, 3, 1... (still 12 symbols): three codes of length 1 cannot be a prefix code.
          assert.equal(resultCode(codesAtMemoryEnd(kernel, patched(photo, dht + 5, 3, 0, 3))), C.BAD_HUFFMAN_TABLE);
        });

        it('a restart marker out of sequence: BAD_RESTART', () => {
          const jpeg = fixture('photo-420-restart-mcu.jpg');
          const at = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xd3 && i > scanData(jpeg));
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), patched(jpeg, at + 1, 0xd5))), C.BAD_RESTART);
        });

        it('Huffman data with flipped bits: an error code or a best-effort image, never a trap', () => {
          const next = seededRandom(2024);
          const outcomes = new Map<string, number>();
          for (const name of ['photo-420.jpg', 'photo-420-restart-mcu.jpg', 'grey.jpg', 'photo-444.jpg']) {
            const jpeg = fixture(name);
            const start = scanData(jpeg);
            for (let i = 0; i < 25; i++) {
              const bytes = jpeg.slice();
              const at = start + Math.floor(next() * (jpeg.length - 2 - start));
              bytes[at] ^= 1 << Math.floor(next() * 8);
              const code = resultCode(codesAtMemoryEnd(build.kernel(), bytes));
              assert.ok(code === 0 || outcomeOf(code) === 'corrupt', `${name} byte ${at}: code ${code}`);
              outcomes.set(code === 0 ? 'image' : 'error', (outcomes.get(code === 0 ? 'image' : 'error') ?? 0) + 1);
            }
          }
          // Both happen: most flips desynchronise the stream into a bad code; some only change pixels.
          assert.ok((outcomes.get('error') ?? 0) > 0, JSON.stringify([...outcomes]));
        });

        it('never reads outside the input, wherever the data is cut', () => {
          for (const name of ['tiny-4x4.jpg', 'strip-37x3.jpg', 'grey-restart.jpg', 'photo-420-restart-mcu.jpg']) {
            const jpeg = fixture(name);
            const step = Math.max(1, Math.floor(jpeg.length / 300));
            for (let length = 0; length <= jpeg.length; length += step) {
              const code = resultCode(codesAtMemoryEnd(build.kernel(), jpeg.subarray(0, length)));
              assert.ok(code <= 0 && outcomeOf(code) !== 'misuse', `${name} cut at ${length}: ${code}`);
            }
          }
        });

        it('survives seeded random mutations of headers and data with a code, never a trap', () => {
          const next = seededRandom(99);
          const sources = ['photo-420.jpg', 'photo-444-restart-7.jpg', 'grey-2x2.jpg', 'photo-411.jpg', 'tiny-3x3.jpg'].map(fixture);
          for (let i = 0; i < 400; i++) {
            const jpeg = sources[i % sources.length];
            const bytes = jpeg.slice();
            const edits = 1 + Math.floor(next() * 4);
            for (let e = 0; e < edits; e++) {
              // Half the edits land in the headers, where one byte changes the meaning of everything after it.
              const limit = next() < 0.5 ? scanData(jpeg) : bytes.length;
              bytes[Math.floor(next() * limit)] = next() < 0.5 ? Math.floor(next() * 256) : bytes[Math.floor(next() * limit)] ^ 0x80;
            }
            const cut = next() < 0.2 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
            const code = resultCode(codesAtMemoryEnd(build.kernel(), cut, 1 << 21));
            assert.ok(code <= 0 && code >= -49, `case ${i}: ${code}`);
          }
        });

        it('decode before a successful parse: NOT_PARSED (and a failed parse forgets the last image)', () => {
          const kernel = Kernel.create(build.name as 'release' | 'debug');
          const scratch = kernel.alloc(1 << 16);
          assert.equal(kernel.jpegDecodeGrey(scratch, scratch), C.NOT_PARSED);
          assert.equal(resultCode(codesAtMemoryEnd(kernel, photo)), C.OK);
          assert.equal(resultCode(codesAtMemoryEnd(kernel, photo.subarray(0, 10))), C.SEGMENT_OVERRUN);
          assert.equal(kernel.jpegDecodeGrey(scratch, scratch), C.NOT_PARSED);
        });
      });

      describe('memory', () => {
        it('needs little scratch: a few MCU rows, not image planes (7680x4320 4:2:0 < 1 MB)', () => {
          const kernel = build.kernel();
          const photo = fixture('photo-420.jpg');
          const bytes = patched(photo, first(photo, 0xc0).at + 5, 4320 >> 8, 4320 & 255, 7680 >> 8, 7680 & 255);
          kernel.reset();
          assert.equal(kernel.jpegParse(kernel.copyIn(bytes), bytes.length), C.OK);
          const scratch = kernel.jpegScratchBytes();
          assert.ok(scratch > 7680 * 16 && scratch < 1 << 20, `scratch ${scratch}`);
        });

        it('refuses frames over maxPixels before allocating: LimitExceededError', () => {
          const kernel = build.kernel();
          kernel.reset();
          const bytes = fixture('photo-420.jpg');
          const before = kernel.memoryBytes;
          assert.throws(() => decodeGreyWasm(kernel, kernel.copyIn(bytes), bytes.length, { maxPixels: 203 * 141 - 1 }), LimitExceededError);
          assert.ok(kernel.memoryBytes - before < 1 << 17);
        });
      });
    });
  }
});
