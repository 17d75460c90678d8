// How close the fast path's edge maps are to the exact path's on real frames: 720p to 4K, odd
// sizes, and the sizes where the grid changes (sigma / k just at MIN_REDUCED_SIGMA). PSNR of the
// 8-bit edge maps before any JPEG step; the exact path is itself within rounding of the ideal
// blur, so this measures the reduced grid, the fitted blur and the interpolation together.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { sigmaFor } from '../../src/core/blur-weights';
import { processFrame } from '../../src/core/pipeline';
import { reductionFor } from '../../src/core/reduction';

const BENCH_FRAMES = join(__dirname, '..', '..', 'bench', 'frames');
/** The fidelity the fast path is held to, on every frame. */
const MIN_PSNR_DB = 48;

/** PSNR and mean absolute difference of two 8-bit images. */
function compare(a: Uint8Array, b: Uint8Array): { psnr: number; meanAbs: number } {
  let [squares, absolute] = [0, 0];
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    squares += d * d;
    absolute += Math.abs(d);
  }
  return { psnr: 10 * Math.log10((255 * 255) / (squares / a.length)), meanAbs: absolute / a.length };
}

/** A bench frame as it is, or scaled (cover) and re-encoded at quality 90, 4:2:0, like a frame capture (progressive: for jpeg-js). */
async function frame(source: string, size?: [number, number], progressive = false): Promise<Uint8Array> {
  const bytes = readFileSync(join(BENCH_FRAMES, source));
  if (!size && !progressive) return new Uint8Array(bytes);
  const image = size ? sharp(bytes).resize(size[0], size[1], { fit: 'cover' }) : sharp(bytes);
  return new Uint8Array(await image.jpeg({ quality: 90, chromaSubsampling: '4:2:0', progressive }).toBuffer());
}

const CASES: Array<{ name: string; source: string; size?: [number, number]; progressive?: boolean }> = [
  { name: '1280x720 (stays exact)', source: 'frame-1280x720.jpg' },
  { name: '1920x1080', source: 'frame-1920x1080.jpg' },
  { name: '3840x2160', source: 'frame-3840x2160.jpg' },
  { name: '1917x1079 (odd)', source: 'frame-3840x2160.jpg', size: [1917, 1079] },
  { name: '1897x1077 (the smallest sigma at 1/2)', source: 'frame-1920x1080.jpg', size: [1897, 1077] },
  { name: '2703x1511 (the smallest sigma at 1/4)', source: 'frame-3840x2160.jpg', size: [2703, 1511] },
  { name: '2999x1687 (odd)', source: 'frame-3840x2160.jpg', size: [2999, 1687] },
  { name: '2160x3840 (portrait)', source: 'frame-3840x2160.jpg', size: [2160, 3840] },
  { name: '1920x1080 progressive (jpeg-js, then the cells\' means)', source: 'frame-1920x1080.jpg', progressive: true },
];

describe('fast path fidelity on real frames', function () {
  this.timeout(300_000);

  for (const { name, source, size, progressive } of CASES) {
    it(`${name}: within ${MIN_PSNR_DB} dB PSNR of the exact path`, async () => {
      const jpeg = await frame(source, size, progressive);
      const exact = processFrame(jpeg, { blurModifier: 8, blurMethod: 'exact', quality: 75, format: 'raw' });
      const fast = processFrame(jpeg, { blurModifier: 8, blurMethod: 'fast', quality: 75, format: 'raw' });
      const k = reductionFor(sigmaFor(exact.inputWidth, exact.inputHeight, 8));
      assert.equal(fast.reduction, k);
      const { psnr, meanAbs } = compare(fast.bytes, exact.bytes);
      console.log(`      ${name}: k ${k}, ${psnr === Infinity ? 'identical' : `${psnr.toFixed(1)} dB, mean |d| ${meanAbs.toFixed(2)}`}`);
      assert.ok(psnr >= MIN_PSNR_DB, `${psnr.toFixed(2)} dB`);
    });
  }
});
