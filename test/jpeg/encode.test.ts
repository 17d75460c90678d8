// The greyscale baseline JPEG encoder (assembly/jpeg-encode, src/jpeg/encode.ts), checked with an
// independent decoder (jpeg-js) on the release and the debug build.
import assert from 'node:assert/strict';
import * as jpeg from 'jpeg-js';
import { JpegDimensionsError, JpegQualityError, LimitExceededError } from '../../src/core/errors';
import { encodeGreyJpeg } from '../../src/jpeg/encode';
import { JpegEncodeCode } from '../../src/jpeg/encode-codes';
import { Kernel } from '../../src/wasm/instance';
import { WASM_BUILDS } from '../support/builds';
import { noisyGrey, smoothGrey } from '../support/images';
import { scanData, segmentBody, segmentsOf, type Segment } from '../support/jpeg-segments';

// Lowest PSNR (dB) of the decoded image against the input, per quality, on the 256x192 test
// images below. Measured (both builds): smooth 60.7 / 54.4 / 50.4 / 47.6 / 35.8 / 27.7 and noisy
// 58.3 / 36.5 / 28.6 / 22.8 / 13.8 / 12.2, each within 0.05 dB of jpeg-js encoding the same image
// itself. The bounds are those minus about 1 dB: room for rounding, none for a wrong table or DCT.
const PSNR_BOUNDS = {
  smooth: { 100: 59.5, 90: 53.4, 75: 49.4, 50: 46.5, 10: 34.8, 1: 26.7 },
  noisy: { 100: 57.3, 90: 35.5, 75: 27.5, 50: 21.8, 10: 12.8, 1: 11.2 },
} as const;
const QUALITIES = [100, 90, 75, 50, 10, 1] as const;

function encode(kernel: Kernel, plane: Uint8Array, width: number, height: number, quality: number): Uint8Array {
  kernel.reset();
  return encodeGreyJpeg(kernel, kernel.copyIn(plane), width, height, quality);
}

/** jpeg-js's decoding, as one grey sample per pixel (a 1-component JPEG decodes to R = G = B). */
function decodeGrey(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  const data = Uint8Array.from({ length: image.width * image.height }, (_, i) => image.data[3 * i]);
  return { width: image.width, height: image.height, data };
}

/** jpeg-js encoding the same grey image as RGB, decoded back to grey. */
function jpegJsRoundTrip(plane: Uint8Array, width: number, height: number, quality: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  plane.forEach((grey, i) => rgba.set([grey, grey, grey, 255], 4 * i));
  return decodeGrey(jpeg.encode({ data: rgba, width, height }, quality).data).data;
}

function psnr(expected: Uint8Array, actual: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < expected.length; i++) sum += (expected[i] - actual[i]) ** 2;
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * expected.length) / sum);
}

/** A file checked to run from SOI to a final EOI: its segments and the entropy-coded data of its one scan. */
function parseJpeg(bytes: Uint8Array): { segments: Segment[]; scan: Uint8Array } {
  assert.deepEqual([bytes[0], bytes[1]], [0xff, 0xd8], 'starts with SOI');
  const segments = segmentsOf(bytes);
  assert.equal(segments.at(-1)!.end, bytes.length, 'ends with EOI');
  const { start, end } = scanData(bytes);
  return { segments, scan: bytes.subarray(start, end) };
}

/** The payload of the file's one segment with `marker`. */
function onlySegment(bytes: Uint8Array, marker: number): Uint8Array {
  const found = parseJpeg(bytes).segments.filter((s) => s.marker === marker);
  assert.equal(found.length, 1, `one 0xff${marker.toString(16)} segment`);
  return segmentBody(bytes, found[0]);
}

/** Width, height, precision and components of the SOF0 segment. */
function frameHeader(bytes: Uint8Array) {
  const sof = onlySegment(bytes, 0xc0);
  return { precision: sof[0], height: (sof[1] << 8) | sof[2], width: (sof[3] << 8) | sof[4], components: sof[5] };
}

// ITU-T T.81 Table K.1 (natural order) and the zig-zag order of Figure A.6.
const TABLE_K1 = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
  49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

for (const build of WASM_BUILDS) {
  describe(`greyscale JPEG encoder (${build.name} build)`, () => {
    describe('file structure', () => {
      it('writes SOI, JFIF APP0, DQT, SOF0 (8-bit, 1 component, its size), DHT, SOS and EOI', () => {
        const bytes = encode(build.kernel(), smoothGrey(17, 33, 1), 17, 33, 75);
        const markers = parseJpeg(bytes).segments.map((s) => s.marker);
        assert.deepEqual(markers, [0xd8, 0xe0, 0xdb, 0xc0, 0xc4, 0xda, 0xd9]);
        assert.equal(Buffer.from(onlySegment(bytes, 0xe0).subarray(0, 5)).toString('latin1'), 'JFIF\0');
        assert.deepEqual(frameHeader(bytes), { precision: 8, height: 33, width: 17, components: 1 });
        assert.deepEqual(Array.from(onlySegment(bytes, 0xda)), [1, 1, 0x00, 0, 63, 0], 'one component, full spectrum');
      });

      it('writes Table K.1 unscaled at quality 50, all ones at 100 and clamped to 255 at 1', () => {
        const plane = smoothGrey(8, 8, 2);
        const natural = (q: number) => {
          const dqt = onlySegment(encode(build.kernel(), plane, 8, 8, q), 0xdb);
          assert.equal(dqt[0], 0, '8-bit table 0');
          const table = new Array<number>(64);
          ZIGZAG.forEach((n, k) => (table[n] = dqt[1 + k]));
          return table;
        };
        assert.deepEqual(natural(50), TABLE_K1);
        assert.deepEqual(natural(100), new Array(64).fill(1));
        assert.deepEqual(natural(1), TABLE_K1.map((t) => Math.min(255, Math.floor((t * 5000 + 50) / 100))));
      });
    });

    describe('fidelity against jpeg-js decoding', () => {
      for (const [kind, makePlane] of [['smooth', smoothGrey], ['noisy', noisyGrey]] as const) {
        for (const quality of QUALITIES) {
          it(`decodes a ${kind} 256x192 image at quality ${quality} to within ${PSNR_BOUNDS[kind][quality]} dB PSNR`, () => {
            const plane = makePlane(256, 192, 42);
            const decoded = decodeGrey(encode(build.kernel(), plane, 256, 192, quality));
            const ours = psnr(plane, decoded.data);
            assert.ok(ours >= PSNR_BOUNDS[kind][quality], `PSNR ${ours.toFixed(2)} dB`);
            // The same quality scaling and luminance tables as jpeg-js, so the same fidelity.
            const theirs = psnr(plane, jpegJsRoundTrip(plane, 256, 192, quality));
            assert.ok(Math.abs(ours - theirs) < 0.25, `ours ${ours.toFixed(2)} dB, jpeg-js ${theirs.toFixed(2)} dB`);
          });
        }
      }

      it('gets smaller as quality drops', () => {
        const plane = smoothGrey(256, 192, 3);
        const sizes = QUALITIES.map((q) => encode(build.kernel(), plane, 256, 192, q).length);
        for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] < sizes[i - 1], `sizes ${sizes.join(', ')}`);
      });

      for (const value of [0, 1, 127, 128, 254, 255]) {
        it(`decodes a constant ${value} image back to exactly ${value} at quality 100`, () => {
          const plane = new Uint8Array(13 * 11).fill(value);
          const decoded = decodeGrey(encode(build.kernel(), plane, 13, 11, 100));
          assert.deepEqual(decoded.data, plane);
        });
      }
    });

    describe('sizes that are not multiples of 8', () => {
      for (const [width, height] of [[1, 1], [7, 9], [17, 33], [1918, 1078]]) {
        it(`encodes ${width}x${height}: SOF size, decoded size and fidelity`, () => {
          const plane = smoothGrey(width, height, width);
          const bytes = encode(build.kernel(), plane, width, height, 90);
          assert.deepEqual(frameHeader(bytes), { precision: 8, height, width, components: 1 });
          const decoded = decodeGrey(bytes);
          assert.deepEqual([decoded.width, decoded.height], [width, height]);
          assert.ok(psnr(plane, decoded.data) >= 45, `PSNR ${psnr(plane, decoded.data).toFixed(2)} dB`);
        });
      }

      it('pads partial blocks by repeating the last column and row', () => {
        // A 7x9 image codes exactly like the 8x16 image that repeats its edges by hand.
        const plane = noisyGrey(7, 9, 4);
        const padded = Uint8Array.from({ length: 8 * 16 }, (_, i) => plane[Math.min(Math.floor(i / 8), 8) * 7 + Math.min(i % 8, 6)]);
        const scan = parseJpeg(encode(build.kernel(), plane, 7, 9, 75)).scan;
        const paddedScan = parseJpeg(encode(build.kernel(), padded, 8, 16, 75)).scan;
        assert.deepEqual(Buffer.from(scan), Buffer.from(paddedScan));
      });
    });

    describe('byte stuffing', () => {
      it('follows every 0xFF in the entropy-coded data with 0x00, and still decodes', () => {
        const plane = noisyGrey(64, 64, 5);
        const bytes = encode(build.kernel(), plane, 64, 64, 100);
        const { scan } = parseJpeg(bytes);
        const ffs = scan.reduce((offsets: number[], byte, i) => (byte === 0xff ? [...offsets, i] : offsets), []);
        assert.ok(ffs.length > 0, 'the coded data holds 0xFF bytes');
        for (const i of ffs) assert.equal(scan[i + 1], 0x00, `stuffed byte after 0xFF at ${i}`);
        assert.ok(psnr(plane, decodeGrey(bytes).data) >= PSNR_BOUNDS.noisy[100]);
      });
    });

    describe('bad arguments', () => {
      for (const quality of [0, 101, -1, 75.5, Number.NaN]) {
        it(`rejects quality ${quality} with JpegQualityError`, () => {
          assert.throws(() => encode(build.kernel(), new Uint8Array(64), 8, 8, quality), JpegQualityError);
        });
      }

      for (const [width, height] of [[0, 5], [5, 0], [-3, 4], [65536, 1], [2.5, 4]]) {
        it(`rejects a ${width}x${height} image with JpegDimensionsError`, () => {
          assert.throws(() => encode(build.kernel(), new Uint8Array(64), width, height, 75), JpegDimensionsError);
        });
      }

      it('refuses a 65535x65535 image, whose worst case is over 2 GiB, with LimitExceededError', () => {
        const kernel = build.kernel();
        kernel.reset();
        assert.throws(() => encodeGreyJpeg(kernel, kernel.alloc(16), 65535, 65535, 75), LimitExceededError);
      });

      for (const capacity of [100, 2000]) {
        it(`returns DST_TOO_SMALL for a ${capacity}-byte buffer and writes nothing past it`, () => {
          const kernel = build.kernel();
          kernel.reset();
          const src = kernel.copyIn(noisyGrey(64, 64, 6));
          const dst = kernel.alloc(capacity + 1024);
          kernel.view(dst, capacity + 1024).fill(0xab);
          assert.equal(kernel.encodeGreyJpeg(src, 64, 64, 100, dst, capacity), JpegEncodeCode.DST_TOO_SMALL);
          assert.ok(kernel.view(dst + capacity, 1024).every((byte) => byte === 0xab));
        });
      }
    });

    describe('worst-case bound', () => {
      it('is never exceeded by noise or a 0/255 checkerboard at quality 100', () => {
        const kernel = build.kernel();
        const checkerboard = Uint8Array.from({ length: 40 * 24 }, (_, i) => ((i % 40) + Math.floor(i / 40)) % 2 ? 255 : 0);
        for (const [plane, width, height] of [[noisyGrey(40, 24, 7), 40, 24], [checkerboard, 40, 24], [noisyGrey(1, 1, 8), 1, 1]] as const) {
          const length = encode(kernel, plane, width, height, 100).length;
          assert.ok(length <= kernel.greyJpegBound(width, height), `${length} bytes`);
        }
      });
    });
  });
}

describe('greyscale JPEG encoder (release vs debug build)', () => {
  it('writes byte-identical files', () => {
    const plane = noisyGrey(45, 37, 9);
    const debug = Kernel.create('debug');
    for (const quality of [100, 75, 1]) {
      assert.deepEqual(Buffer.from(encode(debug, plane, 45, 37, quality)), Buffer.from(encode(Kernel.instance(), plane, 45, 37, quality)));
    }
  });
});
