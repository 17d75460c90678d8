// Reading PNG edge maps back: our own writer's files (filter "Up"), files from another encoder
// (libvips through sharp, adaptive filtering: every filter type), and refusals naming the reason.
import { strict as assert } from 'node:assert';
import { crc32 } from 'node:zlib';
import { unzlibSync } from 'fflate';
import sharp from 'sharp';
import { encodeGreyPng } from '../../../src/core/png';
import { EdgeMapError } from '../../../src/video/errors';
import { isPng, pngSize, readGreyPng } from '../../../src/video/stitch/png-read';
import { noisyGrey, smoothGrey } from '../../support/images';

/** Rewrites one chunk's data (and its CRC) in a PNG. */
function withChunk(png: Uint8Array, type: string, edit: (data: Buffer) => void): Buffer {
  const bytes = Buffer.from(png);
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('latin1', at + 4, at + 8) === type) {
      edit(bytes.subarray(at + 8, at + 8 + length));
      bytes.writeUInt32BE(crc32(bytes.subarray(at + 4, at + 8 + length)) >>> 0, at + 8 + length);
    }
    at += 12 + length;
  }
  return bytes;
}

/** The concatenated IDAT data of a PNG. */
function idatOf(png: Uint8Array): Buffer {
  const bytes = Buffer.from(png);
  const parts: Buffer[] = [];
  for (let at = 8; at < bytes.length; at += 12 + bytes.readUInt32BE(at)) {
    if (bytes.toString('latin1', at + 4, at + 8) === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + bytes.readUInt32BE(at)));
  }
  return Buffer.concat(parts);
}

describe('stitch: reading PNG edge maps', () => {
  for (const [width, height] of [[1, 1], [3, 2], [161, 97], [640, 360]]) {
    it(`reads back our own ${width}x${height} PNG exactly`, () => {
      const plane = noisyGrey(width, height, width * 31 + height);
      const png = encodeGreyPng(plane, width, height);
      assert.ok(isPng(png));
      assert.deepEqual(pngSize(png, 'x.png'), { width, height });
      const image = readGreyPng(png, 'x.png');
      assert.deepEqual([image.width, image.height], [width, height]);
      assert.deepEqual(image.plane, plane);
    });
  }

  it("reads libvips' adaptively filtered greyscale PNGs (rows of several filter types) exactly", async () => {
    const width = 200;
    const height = 120;
    const plane = smoothGrey(width, height, 7);
    for (let i = 0; i < plane.length; i += 13) plane[i] = (plane[i] * 7) & 255; // texture, so the best filter differs by row
    const png = await sharp(plane, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png({ adaptiveFiltering: true, compressionLevel: 9 }).toBuffer();
    assert.deepEqual(readGreyPng(png, 'vips.png').plane, plane);
    const types = new Set<number>();
    const filtered = unzlibSync(idatOf(png));
    for (let y = 0; y < height; y++) types.add(filtered[y * (width + 1)]);
    assert.ok([...types].some((type) => type !== 0 && type !== 2), `libvips used filter types ${[...types]} only`);
  });

  const png = encodeGreyPng(new Uint8Array(12).fill(9), 4, 3);
  for (const [what, bytes, reason] of [
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0]), /not a PNG/],
    ['an RGB PNG', withChunk(png, 'IHDR', (data) => (data[9] = 2)), /only 8-bit greyscale/],
    ['a 16-bit PNG', withChunk(png, 'IHDR', (data) => (data[8] = 16)), /bit depth 16/],
    ['an interlaced PNG', withChunk(png, 'IHDR', (data) => (data[12] = 1)), /interlace 1/],
    ['a PNG with a bad CRC', Buffer.concat([png.subarray(0, 20), Buffer.from([png[20] ^ 1]), png.subarray(21)]), /fails its CRC/],
    ['a truncated PNG', png.subarray(0, png.length - 12), /no IEND/],
    ['a PNG whose data is too short', withChunk(png, 'IHDR', (data) => data.writeUInt32BE(5, 4)), /image data/],
  ] as const) {
    it(`refuses ${what}, naming the object and the reason`, () => {
      assert.throws(() => readGreyPng(bytes, 'v/frame.0000001.png'), (error: unknown) => error instanceof EdgeMapError && error.source === 'v/frame.0000001.png' && reason.test(error.reason));
    });
  }
});
