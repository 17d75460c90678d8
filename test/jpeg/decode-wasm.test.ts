// The WebAssembly baseline JPEG decoder (assembly/jpeg-decode, src/jpeg/decode-wasm.ts): pixels
// against jpeg-js and libjpeg-turbo on every kind of baseline file, and the memory it needs, on
// the release and the debug build. What it refuses or leaves to jpeg-js: decode-wasm-refusals.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as jpegJsEncode } from 'jpeg-js';
import { ImageTooSmallError, LimitExceededError } from '../../src/core/errors';
import { JpegDecodeCode } from '../../src/jpeg/decode-codes';
import { decodeGreyWasm } from '../../src/jpeg/decode-wasm';
import { WASM_BUILDS } from '../support/builds';
import { seededRandom } from '../support/images';
import { firstSegment, inserted, patched, segmentsOf, withoutSegments } from '../support/jpeg-segments';
import { segment } from '../support/jpeg-writer';
import { DECODER_FIXTURES, decoded, decoderFixture as fixture, difference, djpegGrey, jpegJsGrey, type Grey } from '../support/wasm-decoding';

const C = JpegDecodeCode;
const DECODABLE = readdirSync(DECODER_FIXTURES).filter((f) => f.endsWith('.jpg') && !/^(fallback|unsupported)-/.test(f));
/** The repository's real frames (test/fixtures/frames), all baseline. */
const FRAMES = join(__dirname, '..', 'fixtures', 'frames');
const REAL_FRAMES = readdirSync(FRAMES).filter((f) => f.endsWith('.jpg'));
const GREY_FIXTURES = new Set(['grey.jpg', 'grey-restart.jpg', 'grey-2x2.jpg']);

describe('WebAssembly JPEG decoder', () => {
  for (const build of WASM_BUILDS) {
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
          assert.equal(segmentsOf(motionJpeg).filter((s) => s.marker === 0xc4).length, 0);
          assert.deepEqual(decoded(build.kernel(), motionJpeg).data, decoded(build.kernel(), original).data);
        });

        it('ignores garbage after EOI, a 60 KB COM segment and unknown APP segments', () => {
          const original = fixture('photo-422.jpg');
          const big = segment(0xfe, new Uint8Array(60000).fill(0xff));
          const app = segment(0xe9, new TextEncoder().encode('anything'));
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

      describe('memory', () => {
        it('needs little scratch: a few MCU rows, not image planes (7680x4320 4:2:0 < 1 MB)', () => {
          const kernel = build.kernel();
          const photo = fixture('photo-420.jpg');
          const bytes = patched(photo, firstSegment(photo, 0xc0).at + 5, 4320 >> 8, 4320 & 255, 7680 >> 8, 7680 & 255);
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
