// The header reader that classifies every input before any pixel memory is allocated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'jpeg-js';
import { CorruptJpegError, LimitExceededError, NotAJpegError, UnsupportedJpegError } from '../../src/core/errors';
import { readJpegHeader } from '../../src/jpeg/header';
import { Kernel } from '../../src/wasm/instance';
import { standardHuffmanDht, withHuffmanTables } from '../../src/jpeg/standard-huffman';
import * as bad from '../support/bad-jpegs';
import { edited, inserted, offsetOf, segmentsOf, sofOffset } from '../support/jpeg-segments';
import { flatBaselineJpeg, manyScansJpeg, segment } from '../support/jpeg-writer';
import { makeJpeg } from '../support/jpegs';

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

describe('readJpegHeader: the whole file, scan by scan', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'robustness', name));
  const jpeg = () => makeJpeg(48, 32, 5);

  it('counts scans, block visits and the restart interval', () => {
    const progressive = readJpegHeader(fixture('progressive.jpg'));
    assert.deepEqual([progressive.frameType, progressive.scans], [0xc2, 10]);
    assert.equal(readJpegHeader(fixture('restart-every-mcu.jpg')).restartInterval, 1);
    // 37x21 at 4:2:0 is 3x2 MCUs of 6 blocks each, decoded once.
    const flat = readJpegHeader(flatBaselineJpeg({ width: 37, height: 21, components: 3 }));
    assert.deepEqual([flat.scans, flat.blockVisits, flat.sampling], [1, 36, [[2, 2], [1, 1], [1, 1]]]);
  });

  it('reports where the image ends, ignoring what follows EOI', () => {
    const original = jpeg();
    assert.equal(readJpegHeader(bad.garbageAfterEoi(original)).end, original.length);
  });

  it('flags a sequential frame without any DHT for the standard tables, and only that', () => {
    assert.equal(readJpegHeader(bad.withoutDht(jpeg())).needsStandardHuffmanTables, true);
    assert.equal(readJpegHeader(jpeg()).needsStandardHuffmanTables, false);
  });

  it('supplies the standard tables exactly as T.81 K.3 gives them (jpeg-js encodes with them)', () => {
    const original = jpeg();
    const segment = segmentsOf(original).find((s) => s.marker === 0xc4)!;
    const dht = standardHuffmanDht(Kernel.instance());
    assert.ok(Buffer.from(dht).equals(original.subarray(segment.at, segment.end)));
    const restored = withHuffmanTables(bad.withoutDht(original), dht);
    assert.deepEqual(decode(restored, { useTArray: true }).data, decode(original, { useTArray: true }).data);
    assert.equal(readJpegHeader(restored).needsStandardHuffmanTables, false);
  });

  const sos = (j: Uint8Array) => offsetOf(j, 0xda);
  const dqt = (j: Uint8Array) => offsetOf(j, 0xdb);
  const dht = (j: Uint8Array) => offsetOf(j, 0xc4);
  const cases: Array<[string, () => Uint8Array, new (...a: never[]) => Error, RegExp]> = [
    ['a scan naming a component the frame lacks', () => edited(jpeg(), (j) => (j[sos(j) + 5] = 9)), CorruptJpegError, /names component id 9, which the frame header does not define/],
    ['a scan naming a component twice', () => edited(jpeg(), (j) => (j[sos(j) + 7] = j[sos(j) + 5])), CorruptJpegError, /names component id 1 twice/],
    ['a scan with 0 components', () => edited(jpeg(), (j) => (j[sos(j) + 4] = 0)), CorruptJpegError, /lists 0 components/],
    ['a scan of a missing quantisation table', () => edited(jpeg(), (j) => (j[sofOffset(j) + 12] = 3)), CorruptJpegError, /needs quantisation table 3, which no DQT segment defined/],
    ['a quantisation table with precision 2', () => edited(jpeg(), (j) => (j[dqt(j) + 4] = 0x20)), CorruptJpegError, /DQT\) has an invalid precision\/id byte 0x20/],
    ['an over-full Huffman table', () => edited(jpeg(), (j) => (j[dht(j) + 5] = 3)), CorruptJpegError, /DC0 has more codes of length 1 than fit \(3 > 2\)/],
    ['a Huffman table of class 2', () => edited(jpeg(), (j) => (j[dht(j) + 4] = 0x20)), CorruptJpegError, /invalid class\/id byte 0x20/],
    ['an interleaved scan of 4x4 + 1x1 + 1x1 blocks', () => edited(jpeg(), (j) => (j[sofOffset(j) + 11] = 0x44)), CorruptJpegError, /18 blocks per MCU \(at most 10\)/],
    ['two frame headers', () => inserted(jpeg(), sos(jpeg()), jpeg().subarray(sofOffset(jpeg()), sofOffset(jpeg()) + 19)), CorruptJpegError, /more than one frame header/],
    ['a restart marker outside scan data', () => inserted(jpeg(), 2, Uint8Array.of(0xff, 0xd0)), CorruptJpegError, /unexpected marker 0xFFD0 at byte 2/],
    ['arithmetic conditioning (DAC)', () => inserted(jpeg(), 2, segment(0xcc, [0, 0x10])), UnsupportedJpegError, /arithmetic coding \(DAC marker\)/],
    ['a DRI segment of length 5', () => inserted(jpeg(), 2, segment(0xdd, [0, 1, 0])), CorruptJpegError, /restart interval \(DRI\) has length 5, expected 4/],
    ['4 components without an Adobe marker', () => flatCmykWithoutAdobe(), UnsupportedJpegError, /4-component JPEG without an Adobe APP14 marker/],
    ['scan data cut short before EOI', () => bad.sofDimensions(jpeg(), 4000, 3000), CorruptJpegError, /scan 1 holds \d+ bytes of coded data but a 4000x3000 frame needs at least 140625/],
    ['a scan before the DHT it needs', () => scanBeforeDht(), CorruptJpegError, /a scan comes before the Huffman tables \(DHT\) it needs/],
    ['a file cut inside its scan', () => bad.truncated(jpeg(), 0.7), CorruptJpegError, /truncated: the data ends inside scan 1 \(no end-of-image marker\)/],
  ];
  for (const [what, make, kind, message] of cases) {
    it(`refuses ${what}`, () => assert.throws(() => readJpegHeader(make()), (e: Error) => e instanceof kind && message.test(e.message)));
  }

  it('applies the scan and block-visit limits it is given', () => {
    const file = manyScansJpeg({ width: 64, height: 64 }, 100);
    assert.equal(readJpegHeader(file).scans, 100);
    assert.throws(() => readJpegHeader(file, { maxScans: 99, maxBlockVisits: 1e9 }), (e: Error) => e instanceof LimitExceededError && /more than 99 scans/.test(e.message));
    // 64x64 grey is 64 blocks per scan: the 16th scan passes 1000 visits.
    assert.throws(() => readJpegHeader(file, { maxScans: 1000, maxBlockVisits: 1000 }), (e: Error) => e instanceof LimitExceededError && /^16 scans over a 64x64 frame would take more than 1000 block visits/.test(e.reason));
  });
});

describe('readJpegHeader: the kernel skips the scan data as the JavaScript loop does', () => {
  /** The kernel's ScanEndFinder for bytes copied into its memory. */
  function kernelFinder(kernel: Kernel, bytes: Uint8Array): (from: number) => number {
    kernel.reset();
    const src = kernel.copyIn(bytes);
    return (from) => kernel.jpegScanEnd(src, bytes.length, from);
  }

  it('reads the same header with either finder, and refuses the same truncated file', () => {
    const kernel = Kernel.instance();
    for (const file of [makeJpeg(97, 61, 3), manyScansJpeg({ width: 64, height: 64 }, 20), readFileSync(join(__dirname, '..', 'fixtures', 'frames', 'hills-480x270.jpg'))]) {
      assert.deepEqual(readJpegHeader(file, undefined, kernelFinder(kernel, file)), readJpegHeader(file));
    }
    const cut = bad.truncated(makeJpeg(97, 61, 3), 0.7);
    assert.throws(() => readJpegHeader(cut, undefined, kernelFinder(kernel, cut)), /truncated: the data ends inside scan 1 \(no end-of-image marker\)/);
  });
});

/** jpeg-js's frame with its scan (and data) moved before its DHT segment. */
function scanBeforeDht(): Uint8Array {
  const original = makeJpeg(48, 32, 5);
  const segments = segmentsOf(original);
  const [dht, scan] = [segments.find((s) => s.marker === 0xc4)!, segments.find((s) => s.marker === 0xda)!];
  const parts = segments.filter((s) => s !== scan).flatMap((s) => (s === dht ? [scan, dht] : [s]));
  return Uint8Array.from(parts.flatMap((s) => Array.from(original.subarray(s.at, s.end))));
}

/** A 4-component (CMYK-like) flat frame made by hand, without the Adobe marker that says what it is. */
function flatCmykWithoutAdobe(): Uint8Array {
  const cmyk = readFileSync(join(__dirname, '..', 'fixtures', 'robustness', 'cmyk.jpg'));
  const app14 = segmentsOf(cmyk).find((s) => s.marker === 0xee)!;
  return Uint8Array.from([...cmyk.subarray(0, app14.at), ...cmyk.subarray(app14.end)]);
}
