// Bad input through processFrame: every class gives a correct edge map or a typed error whose
// one-line message names the source and says what is wrong. (The same through the CLI, with its
// memory bound: test/cli/bad-input.test.ts.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptJpegError, FrameError, ImageTooSmallError, LimitExceededError, NotAJpegError, UnsupportedJpegError } from '../../src/core/errors';
import { sigmaFor } from '../../src/core/blur-weights';
import { checkJpegJsMemory, jpegJsPeakBytes } from '../../src/jpeg/jpeg-js-memory';
import { readJpegHeader } from '../../src/jpeg/header';
import { processFrame, type FrameOptions, type FrameResult } from '../../src/core/pipeline';
import { referenceEdges } from '../../src/core/reference';
import * as bad from '../support/bad-jpegs';
import { edited, offsetOf } from '../support/jpeg-segments';
import { flatProgressiveJpeg, manyScansJpeg } from '../support/jpeg-writer';

const FIXTURES = join(__dirname, '..', 'fixtures', 'robustness');
const SOURCE = 'bucket/cam-7/frame-000123.jpg';
const raw: FrameOptions = { blurModifier: 8, quality: 75, format: 'raw', source: SOURCE };
const original = bad.validJpeg(48, 32, 5);

type ErrorClass = new (...args: never[]) => FrameError;

/** Asserts a typed error of `kind` whose message is one line: "<source>: <what is wrong>". */
function assertRefused(bytes: Uint8Array, kind: ErrorClass, what: RegExp, options: FrameOptions = raw): void {
  assert.throws(
    () => processFrame(bytes, options),
    (error: Error) => {
      assert.ok(error instanceof kind, `expected ${kind.name}, got ${error.name}: ${error.message}`);
      assert.ok(error.message.startsWith(`${SOURCE}: `), error.message);
      assert.match(error.message, what);
      assert.ok(!/\n|\bat .+:\d+:\d+/.test(error.message), `stack trace or second line in: ${error.message}`);
      return true;
    },
  );
}

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** Mean and largest absolute difference of two edge maps. */
function difference(a: Uint8Array, b: Uint8Array): { mean: number; max: number } {
  let [sum, max] = [0, 0];
  for (let i = 0; i < a.length; i++) {
    sum += Math.abs(a[i] - b[i]);
    max = Math.max(max, Math.abs(a[i] - b[i]));
  }
  return { mean: sum / a.length, max };
}

/** The edge map of the reference decode (libjpeg-turbo / ImageMagick) committed beside a fixture. */
function referenceOf(name: string, result: FrameResult) {
  const ppm = fixture(name.replace(/\.jpg$/, '.ref.ppm'));
  const { inputWidth: w, inputHeight: h } = result;
  return referenceEdges(ppm.subarray(ppm.length - w * h * 3), w, h, sigmaFor(w, h, raw.blurModifier));
}

describe('bad input', () => {
  describe('not a JPEG', () => {
    for (const [what, make, message] of [
      ['an empty file', bad.notJpegs.empty, /empty file, not a JPEG/],
      ['text', bad.notJpegs.text, /not a JPEG \(starts with 0x6672616D/],
      ['a PNG named .jpg', bad.notJpegs.png, /not a JPEG \(it is a PNG image\)/],
      ['only SOI + EOI', bad.notJpegs.soiEoi, /not a JPEG image: no frame header/],
    ] as const) {
      it(`refuses ${what}`, () => assertRefused(make(), NotAJpegError, message));
    }
  });

  describe('broken JPEG', () => {
    it('refuses a file truncated at 50% and at 90%', () => {
      assertRefused(bad.truncated(original, 0.5), CorruptJpegError, /truncated: the data ends inside scan 1/);
      assertRefused(bad.truncated(original, 0.9), CorruptJpegError, /truncated: the data ends inside scan 1/);
    });

    it('refuses an APP segment whose length runs past the end', () => {
      assertRefused(bad.appLengthPastEnd(original), CorruptJpegError, /segment 0xFFE1 at byte 2 runs past the end of the data/);
    });

    it('refuses a frame header with height 0 (DNL)', () => {
      assertRefused(bad.sofDimensions(original, 48, 0), UnsupportedJpegError, /height 0/);
    });

    // Documented choice: damaged entropy-coded data is decoded best effort (the damaged blocks
    // come out wrong, the size is right) unless the decoder cannot go on, which is a CorruptJpegError.
    for (const [seed, flips] of [[1, 1], [2, 3], [3, 10], [4, 40]]) {
      it(`decodes best effort or refuses Huffman data with ${flips} flipped bits (seed ${seed})`, () => {
        try {
          const result = processFrame(bad.flippedHuffmanBits(original, seed, flips), raw);
          assert.deepEqual([result.width, result.height], [46, 30]);
        } catch (error) {
          assert.ok(error instanceof CorruptJpegError, String(error));
          assert.ok(error.message.startsWith(`${SOURCE}: `) && !error.message.includes('\n'), error.message);
        }
      });
    }

    it('flags a Motion-JPEG frame without DHT for the standard tables', () => {
      const header = readJpegHeader(bad.withoutDht(original));
      assert.equal(header.needsStandardHuffmanTables, true);
      assert.equal(readJpegHeader(original).needsStandardHuffmanTables, false);
    });

    it('decodes a Motion-JPEG frame without DHT with the standard tables', () => {
      const expected = processFrame(original, raw).bytes;
      assert.deepEqual(processFrame(bad.withoutDht(original), raw).bytes, expected);
    });

    // The WebAssembly decoder supplies the tables itself; for frames it leaves to jpeg-js (here
    // Adobe RGB) the fallback inserts them (src/jpeg/standard-huffman.ts).
    it('decodes a Motion-JPEG frame without DHT that goes to the jpeg-js fallback (Adobe RGB)', () => {
      const rgb = fixture('rgb-adobe0.jpg');
      assert.deepEqual(processFrame(bad.withoutDht(rgb), raw).bytes, processFrame(rgb, raw).bytes);
    });

    it('refuses a scan that uses a Huffman table no DHT defined, when other tables are defined', () => {
      const sos = offsetOf(original, 0xda);
      const badTable = edited(original, (j) => (j[sos + 6] = 0x22));
      assertRefused(badTable, CorruptJpegError, /scan 1 needs Huffman table DC2, which no DHT segment defined/);
    });
  });

  describe('unsupported coding', () => {
    for (const [what, make, message] of [
      ['arithmetic coding (cjpeg -arithmetic)', () => fixture('arithmetic.jpg'), /unsupported JPEG coding: arithmetic-coded \(SOF9\)/],
      ['progressive arithmetic coding', () => fixture('arithmetic-progressive.jpg'), /arithmetic-coded progressive \(SOF10\)/],
      ['lossless coding (SOF3)', () => bad.sofMarker(original, 0xc3), /unsupported JPEG coding: lossless \(SOF3\)/],
      ['JPEG-LS (SOF55)', () => bad.sofMarker(original, 0xf7), /unsupported JPEG coding: JPEG-LS/],
      ['12-bit precision', () => bad.precision(original, 12), /unsupported JPEG sample precision: 12-bit/],
    ] as const) {
      it(`refuses ${what} as unsupported`, () => assertRefused(make(), UnsupportedJpegError, message));
    }
  });

  describe('decompression bombs', () => {
    it('refuses a ~700-byte file claiming 9999x9999 from its headers', () => {
      const bomb = bad.bomb9999();
      assert.ok(bomb.length < 739, `${bomb.length} bytes`);
      assertRefused(bomb, CorruptJpegError, /holds \d+ bytes of coded data but a 9999x9999 frame needs at least \d+/);
    });

    it('applies a configured pixel limit to a valid frame before decoding it', () => {
      const limits = { maxPixels: 1_000_000, maxInputBytes: 1 << 20 };
      const valid = flatProgressiveJpeg({ width: 2000, height: 1000 });
      assertRefused(valid, LimitExceededError, /image is 2000x1000 \(2000000 pixels\), over the limit of 1000000 pixels/, { ...raw, limits });
    });

    it('refuses a valid black 20000x20000 JPEG (~780 KB) by the pixel limit', () => {
      const black = bad.black20000();
      assert.ok(black.length < 800_000, `${black.length} bytes`);
      assertRefused(black, LimitExceededError, /image is 20000x20000 \(400000000 pixels\), over the limit of 40000000 pixels/);
    });

    it('refuses a progressive file with 2090 scans by the scan cap', () => {
      assertRefused(bad.manyScans(), LimitExceededError, /more than 256 scans, the limit that bounds decoding time/);
    });

    it('refuses an 8K progressive file of 256 scans by the decoding-work limit', () => {
      const heavy = manyScansJpeg({ width: 7680, height: 4320 }, 256);
      assertRefused(heavy, LimitExceededError, /scans over a 7680x4320 frame would take more than 100000000 block visits/);
    });

    it("estimates the jpeg-js fallback's peak memory from the header: 4K fits in 512 MB, 8K does not", () => {
      const header = (width: number, height: number, sampling: Array<[number, number]>) => ({ width, height, sampling });
      const mb = (bytes: number) => bytes / 2 ** 20;
      // Measured CLI peaks (MB): 4K 4:4:4 368, 5K 4:4:4 542, 8K 4:2:0 >= 594 (refused mid-way by jpeg-js).
      assert.ok(mb(jpegJsPeakBytes(header(3840, 2160, [[1, 1], [1, 1], [1, 1]]))) >= 368);
      assert.ok(mb(jpegJsPeakBytes(header(5120, 2880, [[1, 1], [1, 1], [1, 1]]))) >= 542);
      assert.doesNotThrow(() => checkJpegJsMemory(header(3840, 2160, [[1, 1], [1, 1], [1, 1]])));
      assert.throws(
        () => checkJpegJsMemory(header(7680, 4320, [[2, 2], [1, 1], [1, 1]])),
        (e: Error) => e instanceof LimitExceededError && /a 7680x4320 frame of this kind \(progressive, CMYK, ...\) needs about 903 MB to decode, over the 512 MB memory budget/.test(e.message),
      );
    });

    it('decodes a small progressive file of exactly 256 scans', () => {
      const result = processFrame(manyScansJpeg({ width: 40, height: 24, components: 3 }, 256), raw);
      assert.ok(result.bytes.every((v) => v === 0), 'a black image has no edges');
    });
  });

  describe('must process correctly', () => {
    for (const name of [
      's420.jpg',
      's444.jpg',
      's422.jpg',
      's440.jpg',
      's411.jpg',
      'grey.jpg',
      'progressive.jpg',
      'progressive-grey.jpg',
      'restart-every-mcu.jpg',
      'restart-every-row.jpg',
      'rgb-adobe0.jpg',
      'cmyk.jpg',
      'ycck.jpg',
      'quant16.jpg',
    ]) {
      it(`matches the reference decoder's edge map for ${name}`, () => {
        const result = processFrame(fixture(name), raw);
        const expected = referenceOf(name, result);
        const { mean, max } = difference(result.bytes, expected.data);
        // Decoders differ by rounding (IDCT, colour conversion): measured mean <= 1.9, max <= 8;
        // a wrong colour interpretation (RGB read as YCbCr) gives a mean of 22.
        assert.ok(mean <= 3 && max <= 12, `${name}: mean ${mean.toFixed(2)}, max ${max}`);
      });
    }

    it('reads components with ids R, G, B and no JFIF or Adobe marker as RGB, as libjpeg does', () => {
      const adobe = fixture('rgb-adobe0.jpg');
      const app14 = offsetOf(adobe, 0xee);
      const withoutAdobe = Buffer.concat([adobe.subarray(0, app14), adobe.subarray(app14 + 2 + adobe.readUInt16BE(app14 + 2))]);
      assert.equal(readJpegHeader(withoutAdobe).storesRgb, true);
      assert.deepEqual(processFrame(withoutAdobe, raw).bytes, processFrame(adobe, raw).bytes);
    });

    const same: Array<[string, () => Uint8Array]> = [
      ['16-bit quantisation tables (same values)', () => bad.sixteenBitQuantTables(original)],
      ['4 KB of garbage after EOI', () => bad.garbageAfterEoi(original)],
      ['20 maximum-size COM/APP segments (1.3 MB)', () => bad.hugeMetadata(original, 20)],
      // EXIF orientation is ignored, as the Rust program did: the frame is processed as stored.
      ['an EXIF orientation of 6 (ignored)', () => bad.withExifOrientation(original, 6)],
    ];
    for (const [what, make] of same) {
      it(`gives the unchanged frame's edge map with ${what}`, () => {
        const result = processFrame(make(), raw);
        assert.deepEqual([result.width, result.height], [46, 30]);
        assert.deepEqual(result.bytes, processFrame(original, raw).bytes);
      });
    }

    it('processes 3x3 (-> 1x1) and 4x4 (-> 2x2) images', () => {
      assert.deepEqual([processFrame(bad.validJpeg(3, 3), raw).width, processFrame(bad.validJpeg(3, 3), raw).height], [1, 1]);
      assert.equal(processFrame(bad.validJpeg(4, 4), raw).bytes.length, 4);
    });
  });

  describe('smaller than 3x3', () => {
    for (const [width, height] of [[1, 1], [2, 2], [1, 4000], [4000, 1]]) {
      it(`refuses ${width}x${height} as too small`, () => {
        assertRefused(bad.validJpeg(width, height), ImageTooSmallError, new RegExp(`image is ${width}x${height}, too small`));
      });
    }
  });
});
