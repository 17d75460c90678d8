// The memory model behind the function's limits, and docs/limits.md's table of memory size to largest
// frame, which must say what the model computes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultMaxPixels, jpegJsBudgetBytes, largestJpegJsPixels, pixelCeiling, wasmFrameBytes } from '../../src/core/frame-memory';
import { DEFAULT_LIMITS } from '../../src/core/pipeline';
import { jpegJsPeakBytes } from '../../src/jpeg/jpeg-js-memory';

const MiB = 2 ** 20;
const INPUT = DEFAULT_LIMITS.maxInputBytes;

/** docs/limits.md's rows: `| 1024 MB | 40.0 MP (148.1 MP) | 616 MB | 21.3 MP / 15.5 MP |`. */
function guideRows(): string[][] {
  const guide = readFileSync(join(__dirname, '..', '..', 'docs', 'limits.md'), 'utf8');
  return [...guide.matchAll(/^\| (\d+) MB \| ([\d.]+) MP \(([\d.]+) MP\) \| (\d+) MB \| ([\d.]+) MP \/ ([\d.]+) MP \|$/gm)].map((m) => m.slice(1));
}

/** The row the model gives for a memory size, formatted as docs/limits.md writes it. */
function modelRow(memoryMB: number): string[] {
  const maxPixels = defaultMaxPixels(memoryMB, INPUT, DEFAULT_LIMITS.maxPixels);
  const jpegJs = jpegJsBudgetBytes(memoryMB, maxPixels, INPUT);
  const mp = (pixels: number) => (Math.min(pixels, maxPixels) / 1e6).toFixed(1);
  return [
    String(memoryMB),
    mp(maxPixels),
    (pixelCeiling(memoryMB, INPUT) / 1e6).toFixed(1),
    String(Math.round(jpegJs / MiB)),
    mp(largestJpegJsPixels(jpegJs, '4:2:0')),
    mp(largestJpegJsPixels(jpegJs, '4:4:4')),
  ];
}

describe('frame memory: limits from the function memory', () => {
  it("docs/limits.md's table of memory size to largest frame is what the model computes", () => {
    const rows = guideRows();

    assert.ok(rows.length >= 5, `found ${rows.length} rows`);
    for (const row of rows) assert.deepEqual(row, modelRow(Number(row[0])));
  });

  it('gives the largest baseline frame and the jpeg-js budget together 85% of the memory', () => {
    for (const memoryMB of [256, 1024, 3008, 10240]) {
      const maxPixels = defaultMaxPixels(memoryMB, INPUT, DEFAULT_LIMITS.maxPixels);
      const total = jpegJsBudgetBytes(memoryMB, maxPixels, INPUT) + wasmFrameBytes(maxPixels, INPUT);
      assert.equal(total, Math.floor(memoryMB * MiB * 0.85), `${memoryMB} MB`);
    }
  });

  it('finds the largest progressive frame within a budget, and no larger', () => {
    const budget = 616 * MiB;
    const sampling: Array<[number, number]> = [[2, 2], [1, 1], [1, 1]];

    const pixels = largestJpegJsPixels(budget, '4:2:0');

    const width = Math.round(Math.sqrt((pixels * 16) / 9));
    assert.ok(jpegJsPeakBytes({ width, height: Math.round((width * 9) / 16), sampling }) <= budget);
    assert.ok(jpegJsPeakBytes({ width: width + 1, height: Math.round(((width + 1) * 9) / 16), sampling }) > budget);
    assert.ok(largestJpegJsPixels(budget, '4:4:4') < pixels);
  });

  it('has no room below the process itself', () => {
    assert.equal(pixelCeiling(128, INPUT), 0);
    assert.ok(pixelCeiling(128, MiB) > 0);
  });
});
