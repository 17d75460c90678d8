// What the WebAssembly JPEG decoder (assembly/jpeg-decode, src/jpeg/decode-wasm.ts) does not
// decode itself: codings it leaves to jpeg-js, codings nothing here decodes, and damaged files,
// each with its result code and typed error and never a read outside the input, on the release
// and the debug build.
import assert from 'node:assert/strict';
import { CorruptJpegError, NotAJpegError, UnsupportedJpegError } from '../../src/core/errors';
import { JpegDecodeCode, outcomeOf } from '../../src/jpeg/decode-codes';
import { Kernel } from '../../src/wasm/instance';
import { WASM_BUILDS } from '../support/builds';
import { seededRandom } from '../support/images';
import { firstSegment, inserted, patched, scanData, withoutSegments } from '../support/jpeg-segments';
import { codesAtMemoryEnd, decoderFixture as fixture, resultCode, wasmGrey } from '../support/wasm-decoding';

const C = JpegDecodeCode;

describe('WebAssembly JPEG decoder', () => {
  for (const build of WASM_BUILDS) {
    describe(`${build.name} build`, () => {
      describe('fallback and unsupported codings', () => {
        for (const name of ['fallback-progressive.jpg', 'fallback-cmyk.jpg', 'fallback-rgb.jpg', 'fallback-multiscan.jpg']) {
          it(`${name}: 'fallback' (jpeg-js decodes it)`, () => {
            assert.equal(wasmGrey(build.kernel(), fixture(name)), 'fallback');
          });
        }

        it('falls back on sampling factors that are not whole multiples (3x1 luma, 2x1 chroma)', () => {
          const jpeg = fixture('photo-422.jpg');
          const sof = firstSegment(jpeg, 0xc0).at;
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
            const bytes = patched(jpeg, firstSegment(jpeg, 0xc0).at + 1, marker);
            assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), bytes)), code);
            assert.throws(() => wasmGrey(build.kernel(), bytes), UnsupportedJpegError);
          });
        }

        it('refuses the arithmetic-coded fixture and a 12-bit frame header as unsupported', () => {
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), fixture('unsupported-arithmetic.jpg'))), C.UNSUPPORTED_ARITHMETIC);
          const jpeg = fixture('photo-420.jpg');
          const twelveBit = patched(jpeg, firstSegment(jpeg, 0xc0).at + 4, 12);
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
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), photo.subarray(0, firstSegment(photo, 0xc4).at))), C.TRUNCATED);
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), photo.subarray(0, firstSegment(photo, 0xc4).at + 10))), C.SEGMENT_OVERRUN);
        });

        it('an APP segment whose length runs past the end: SEGMENT_OVERRUN', () => {
          const bytes = inserted(photo.subarray(0, 600), 2, Uint8Array.of(0xff, 0xe1, 0xff, 0xf0, 0x45, 0x78, 0x69, 0x66));
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), bytes)), C.SEGMENT_OVERRUN);
          assert.throws(() => wasmGrey(build.kernel(), bytes), /runs past the end/);
        });

        it('SOF with height 0 (or width 0): ZERO_DIMENSION', () => {
          const sof = firstSegment(photo, 0xc0).at;
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), patched(photo, sof + 5, 0, 0))), C.ZERO_DIMENSION);
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), patched(photo, sof + 7, 0, 0))), C.ZERO_DIMENSION);
          assert.throws(() => wasmGrey(build.kernel(), patched(photo, sof + 5, 0, 0)), CorruptJpegError);
        });

        it('header fields out of range: BAD_SEGMENT, MISSING_TABLE, BAD_HUFFMAN_TABLE', () => {
          const kernel = build.kernel();
          const sof = firstSegment(photo, 0xc0).at;
          const sos = firstSegment(photo, 0xda).at;
          const dht = firstSegment(photo, 0xc4).at;
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
          const start = scanData(jpeg).start;
          const at = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xd3 && i > start);
          assert.equal(resultCode(codesAtMemoryEnd(build.kernel(), patched(jpeg, at + 1, 0xd5))), C.BAD_RESTART);
        });

        it('Huffman data with flipped bits: an error code or a best-effort image, never a trap', () => {
          const next = seededRandom(2024);
          const outcomes = new Map<string, number>();
          for (const name of ['photo-420.jpg', 'photo-420-restart-mcu.jpg', 'grey.jpg', 'photo-444.jpg']) {
            const jpeg = fixture(name);
            const start = scanData(jpeg).start;
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
          const headerEnds = sources.map((jpeg) => scanData(jpeg).start);
          for (let i = 0; i < 400; i++) {
            const jpeg = sources[i % sources.length];
            const bytes = jpeg.slice();
            const edits = 1 + Math.floor(next() * 4);
            for (let e = 0; e < edits; e++) {
              // Half the edits land in the headers, where one byte changes the meaning of everything after it.
              const limit = next() < 0.5 ? headerEnds[i % sources.length] : bytes.length;
              bytes[Math.floor(next() * limit)] = next() < 0.5 ? Math.floor(next() * 256) : bytes[Math.floor(next() * limit)] ^ 0x80;
            }
            const cut = next() < 0.2 ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
            const code = resultCode(codesAtMemoryEnd(build.kernel(), cut, 1 << 21));
            assert.ok(code <= 0 && code >= -49, `case ${i}: ${code}`);
          }
        });

        it('decode before a successful parse: NOT_PARSED (and a failed parse forgets the last image)', () => {
          const kernel = Kernel.create(build.name);
          const scratch = kernel.alloc(1 << 16);
          assert.equal(kernel.jpegDecodeGrey(scratch, scratch), C.NOT_PARSED);
          assert.equal(resultCode(codesAtMemoryEnd(kernel, photo)), C.OK);
          assert.equal(resultCode(codesAtMemoryEnd(kernel, photo.subarray(0, 10))), C.SEGMENT_OVERRUN);
          assert.equal(kernel.jpegDecodeGrey(scratch, scratch), C.NOT_PARSED);
        });
      });
    });
  }
});
