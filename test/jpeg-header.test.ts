// The header reader that classifies every input before any pixel memory is allocated.
import assert from 'node:assert/strict';
import { CorruptJpegError, NotAJpegError, UnsupportedJpegError } from '../src/errors';
import { readJpegHeader } from '../src/jpeg-header';
import { makeJpeg } from './support/jpegs';

/** Offset of the first SOFn marker's segment in a JPEG made by jpeg-js. */
function sofOffset(jpeg: Uint8Array): number {
  for (let i = 2; i + 1 < jpeg.length; i++) if (jpeg[i] === 0xff && jpeg[i + 1] === 0xc0) return i;
  throw new Error('no SOF0');
}

describe('readJpegHeader', () => {
  it('reads size, components and sampling of a baseline JPEG', () => {
    const header = readJpegHeader(makeJpeg(33, 17));
    assert.deepEqual(
      { width: header.width, height: header.height, components: header.components, frameType: header.frameType },
      { width: 33, height: 17, components: 3, frameType: 0xc0 },
    );
    assert.equal(header.sampling.length, 3);
  });

  const cases: Array<[string, Uint8Array, new (...a: never[]) => Error, RegExp]> = [
    ['an empty file', new Uint8Array(0), NotAJpegError, /empty file, not a JPEG/],
    ['text', Buffer.from('hello world'), NotAJpegError, /not a JPEG \(starts with 0x68656C6C/],
    ['a PNG', Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), NotAJpegError, /it is a PNG image/],
    ['only SOI + EOI', Uint8Array.of(0xff, 0xd8, 0xff, 0xd9), NotAJpegError, /no frame header before the end marker/],
    ['a truncated header', makeJpeg(8, 8).subarray(0, 30), CorruptJpegError, /truncated/],
  ];
  for (const [what, bytes, kind, message] of cases) {
    it(`refuses ${what}`, () => assert.throws(() => readJpegHeader(bytes), (e: Error) => e instanceof kind && message.test(e.message)));
  }

  it('refuses an APP segment whose length runs past the end', () => {
    const bytes = Uint8Array.of(0xff, 0xd8, 0xff, 0xe1, 0x40, 0x00, 1, 2, 3);
    assert.throws(() => readJpegHeader(bytes), /segment 0xFFE1 at byte 2 runs past the end of the data \(length 16384\)/);
  });

  for (const [what, edit, kind, message] of [
    ['12-bit precision', (j: Uint8Array, at: number) => (j[at + 4] = 12), UnsupportedJpegError, /12-bit/],
    ['height 0', (j: Uint8Array, at: number) => j.set([0, 0], at + 5), UnsupportedJpegError, /height 0/],
    ['width 0', (j: Uint8Array, at: number) => j.set([0, 0], at + 7), CorruptJpegError, /width 0/],
    ['lossless coding (SOF3)', (j: Uint8Array, at: number) => (j[at + 1] = 0xc3), UnsupportedJpegError, /lossless \(SOF3\)/],
    ['arithmetic coding (SOF9)', (j: Uint8Array, at: number) => (j[at + 1] = 0xc9), UnsupportedJpegError, /arithmetic-coded \(SOF9\)/],
    ['JPEG-LS (SOF55)', (j: Uint8Array, at: number) => (j[at + 1] = 0xf7), UnsupportedJpegError, /JPEG-LS/],
    ['2 components', (j: Uint8Array, at: number) => (j[at + 9] = 2), UnsupportedJpegError, /number of colour components: 2/],
    ['sampling factor 0', (j: Uint8Array, at: number) => (j[at + 11] = 0x01), CorruptJpegError, /invalid sampling factors 0x1/],
  ] as const) {
    it(`refuses a frame header with ${what}`, () => {
      const jpeg = Uint8Array.from(makeJpeg(16, 16));
      edit(jpeg, sofOffset(jpeg));
      assert.throws(() => readJpegHeader(jpeg), (e: Error) => e instanceof kind && message.test(e.message));
    });
  }
});
