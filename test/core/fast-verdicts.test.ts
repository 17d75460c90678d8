// The adversarial corpus in fast mode: every bad or awkward input gets the verdict the exact path
// gives it (the same edge map size, or the same error class and reason), now decoded at a reduced
// scale. These frames are small, so a large blur modifier puts them on the grid 4 times coarser
// (a verdict that is an edge map made on any other grid would differ). The fuzzer runs both
// methods on every case too (test/support/fuzz-run.ts).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameError } from '../../src/core/errors';
import { processFrame, type FrameOptions } from '../../src/core/pipeline';
import * as bad from '../support/bad-jpegs';
import { coarseModifier } from '../support/fuzz-run';

const FIXTURES = join(__dirname, '..', 'fixtures', 'robustness');
const SOURCE = 'cam/frame.jpg';

/** The outcome in words: the output's size and grid, or the error's class and reason. */
function verdict(bytes: Uint8Array, options: FrameOptions): string {
  try {
    const result = processFrame(bytes, { ...options, source: SOURCE });
    // The fast path's edge maps come from the coarser grid: the verdict says so, the exact path's does not.
    return `edges ${result.width}x${result.height}${options.blurMethod === 'fast' && result.reduction !== 4 ? ` at 1/${result.reduction}` : ''}`;
  } catch (error) {
    if (!(error instanceof FrameError)) throw error;
    return `${error.name}: ${error.reason}`;
  }
}

/** The verdicts of both methods, and the grid the fast one used when it made an edge map. */
function bothVerdicts(bytes: Uint8Array): { exact: string; fast: string } {
  const base: FrameOptions = { blurModifier: 8, quality: 75, format: 'raw' };
  return {
    exact: verdict(bytes, { ...base, blurMethod: 'exact' }),
    fast: verdict(bytes, { ...base, blurMethod: 'fast', blurModifier: coarseModifier(bytes) }),
  };
}

function corpus(): Array<[string, Uint8Array]> {
  const jpeg = bad.validJpeg(48, 32, 5);
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.jpg')).map((f): [string, Uint8Array] => [f, new Uint8Array(readFileSync(join(FIXTURES, f)))]);
  return [
    ...fixtures,
    ...Object.entries(bad.notJpegs).map(([name, make]): [string, Uint8Array] => [`not a JPEG: ${name}`, make()]),
    ...[0.1, 0.5, 0.9, 0.99].map((f): [string, Uint8Array] => [`truncated at ${f}`, bad.truncated(jpeg, f)]),
    ['APP length past the end', bad.appLengthPastEnd(jpeg)],
    ['frame header 2x2', bad.sofDimensions(jpeg, 2, 2)],
    ['frame header 0x32', bad.sofDimensions(jpeg, 0, 32)],
    ...[1, 2, 3].map((seed): [string, Uint8Array] => [`flipped Huffman bits ${seed}`, bad.flippedHuffmanBits(jpeg, seed, 5)]),
    ['no DHT (Motion-JPEG)', bad.withoutDht(jpeg)],
    ['SOF3 lossless', bad.sofMarker(jpeg, 0xc3)],
    ['SOF9 arithmetic', bad.sofMarker(jpeg, 0xc9)],
    ['12-bit precision', bad.precision(jpeg, 12)],
    ['9999x9999 bomb', bad.bomb9999()],
    ['black 20000x20000', bad.black20000()],
    ['16-bit quantisation tables', bad.sixteenBitQuantTables(jpeg)],
    ['garbage after EOI', bad.garbageAfterEoi(jpeg)],
    ['EXIF orientation 6', bad.withExifOrientation(jpeg, 6)],
  ];
}

describe('fast mode on the adversarial corpus', function () {
  this.timeout(120_000);

  for (const [name, bytes] of corpus()) {
    it(`${name}: the exact path's verdict`, () => {
      const { exact, fast } = bothVerdicts(bytes);
      assert.equal(fast, exact);
    });
  }

});
