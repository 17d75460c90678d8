// Where a scan's coded data ends (the marker after it): the kernel's finder, sixteen bytes a step
// (assembly/jpeg-decode/scan-end.ts), against literal answers and against the header reader's
// byte loop (src/jpeg/header.ts scanEnd) on every start, every alignment and seeded bytes.
import assert from 'node:assert/strict';
import { scanEnd } from '../../src/jpeg/header';
import type { Kernel } from '../../src/wasm/instance';
import { WASM_BUILDS } from '../support/builds';
import { seededRandom } from '../support/images';

/** The kernel's answer for `bytes` placed `shift` bytes past a 16-byte boundary of its memory. */
function kernelScanEnd(kernel: Kernel, bytes: Uint8Array, from: number, shift = 0): number {
  kernel.reset();
  const src = kernel.copyIn(new Uint8Array([...new Array<number>(shift).fill(0xee), ...bytes])) + shift;
  return kernel.jpegScanEnd(src, bytes.length, from);
}

/** The kernel and the byte loop give the same end from every start in `bytes` (its end included). */
function agreesFromEveryStart(kernel: Kernel, bytes: Uint8Array, what: string): void {
  kernel.reset();
  const src = kernel.copyIn(bytes);
  for (let from = 0; from <= bytes.length; from++) assert.equal(kernel.jpegScanEnd(src, bytes.length, from), scanEnd(bytes, from), `${what}, ${bytes.length} bytes from ${from}`);
}

const zeros = (n: number) => new Array<number>(n).fill(0x5a);

/** [bytes, from, the offset of the ending marker's last 0xFF or -1], worked out by hand. */
const LITERALS: Array<[string, number[], number, number]> = [
  ['empty', [], 0, -1],
  ['no 0xFF at all', [0x12, 0x34, 0x00], 0, -1],
  ['a 0xFF as the last byte', [0x12, 0xff], 0, -1],
  ['EOI right away', [0xff, 0xd9], 0, 0],
  ['stuffed 0xFF00 skipped', [0xff, 0x00, 0xff, 0xd9], 0, 2],
  ['restart markers RST0 and RST7 skipped', [0xff, 0xd0, 0x11, 0xff, 0xd7, 0xff, 0xc4], 0, 5],
  ['fill bytes: the last 0xFF before the code', [0x22, 0xff, 0xff, 0xff, 0xd9], 0, 3],
  ['stuffing, then the data ends', [0xff, 0x00, 0xff], 0, -1],
  ['a restart marker, then the data ends', [0x01, 0xff, 0xd0], 0, -1],
  ['a fill byte before stuffing, then the end', [0xff, 0xff, 0x00], 0, -1],
  ['starting after the marker', [0xff, 0xd9, 0x00], 2, -1],
  ['starting on the code byte', [0xff, 0xd9, 0xff, 0xda], 1, 2],
  ['starting at the end', [0xff, 0xd9], 2, -1],
  ['the marker in the second sixteen bytes', [...zeros(20), 0xff, 0xd9], 0, 20],
  ['the marker exactly at sixteen', [...zeros(16), 0xff, 0xd9], 0, 16],
  ['the marker across the sixteen-byte step', [...zeros(15), 0xff, 0xd9], 0, 15],
  ['stuffing across the step, the marker in the tail', [...zeros(15), 0xff, 0x00, ...zeros(17), 0xff, 0xe1], 0, 34],
  ['0xFF the last of 32 bytes', [...zeros(31), 0xff], 0, -1],
  ['RST across the step, then the end', [...zeros(31), 0xff, 0xd3], 0, -1],
];

/** Scan-like bytes: `length` random non-0xFF bytes, then (if `code` is given) 0xFF `code` at `at`. */
function withMarkerAt(length: number, at: number, code: number, random: () => number): Uint8Array {
  const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 255));
  bytes[at] = 0xff;
  if (at + 1 < length) bytes[at + 1] = code;
  return bytes;
}

describe('the scan-end finder: the kernel against literals and the byte loop', () => {
  for (const [name, bytes, from, expected] of LITERALS) {
    it(`${name}: ${expected}`, () => {
      assert.equal(scanEnd(Uint8Array.from(bytes), from), expected, 'byte loop');
      for (const build of WASM_BUILDS) {
        for (let shift = 0; shift < 16; shift++) assert.equal(kernelScanEnd(build.kernel(), Uint8Array.from(bytes), from, shift), expected, `${build.name} build, shifted ${shift}`);
      }
    });
  }

  for (const build of WASM_BUILDS) {
    it(`finds a marker at every offset mod 16, from every start mod 16 and at every alignment; none past the end (${build.name} build)`, () => {
      const random = seededRandom(5);
      const codes = [0xd9, 0xc4, 0xda, 0xdd, 0x01];
      for (let at = 0; at < 64; at++) {
        const bytes = withMarkerAt(64, at, codes[at % codes.length], random);
        for (let from = 0; from < 16; from++) {
          for (let shift = 0; shift < 16; shift += 5) {
            const expected = from <= at && at < 63 ? at : -1;
            assert.equal(scanEnd(bytes, from), expected, `byte loop: marker at ${at}, from ${from}`);
            assert.equal(kernelScanEnd(build.kernel(), bytes, from, shift), expected, `marker at ${at}, from ${from}, shifted ${shift}`);
          }
        }
      }
    });

    it(`agrees with the byte loop from every start in short seeded bytes dense in 0xFF, fill bytes, stuffing and restarts (${build.name} build)`, () => {
      const random = seededRandom(71);
      const codes = [0x00, 0x00, 0xff, 0xd0, 0xd7, 0xd8, 0xd9, 0xc4, 0x01, 0xcf, 0xe0];
      for (let trial = 0; trial < 200; trial++) {
        const length = Math.floor(random() * 80);
        const bytes = Uint8Array.from({ length }, () => (random() < 0.2 ? 0xff : random() < 0.5 ? codes[Math.floor(random() * codes.length)] : Math.floor(random() * 256)));
        agreesFromEveryStart(build.kernel(), bytes, `trial ${trial}`);
      }
    });

    it(`agrees with the byte loop from every start in long seeded scans with sparse stuffing, restarts and fill bytes (${build.name} build)`, () => {
      const random = seededRandom(1709);
      const codes = [0x00, 0x00, 0x00, 0xd0, 0xd5, 0xd7, 0xff, 0xd9, 0xc4, 0xda];
      for (let trial = 0; trial < 60; trial++) {
        const length = 16 + Math.floor(random() * 300);
        const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 255));
        for (let i = 0; i < length; i++) if (random() < 0.02) bytes[i] = 0xff;
        for (let i = 0; i + 1 < length; i++) if (bytes[i] === 0xff) bytes[i + 1] = codes[Math.floor(random() * codes.length)];
        agreesFromEveryStart(build.kernel(), bytes, `trial ${trial}`);
      }
    });
  }
});
