// sharp (libvips, native) doing a comparable job in one thread: decode -> greyscale ->
// Gaussian blur(sigma) -> Sobel as two 3x3 convolutions -> JPEG q75 (1 channel).
//
// sharp has no per-pixel arithmetic between two images beyond blends and bitwise ops, and its
// convolution of an 8-bit image clips negative sums to 0. So each gradient is half-wave
// rectified, max(g, 0), and the two are combined by a saturating add (two bands summed with
// recomb): min(255, max(gx, 0) + max(gy, 0)). Same work as the real Sobel (two 3x3
// convolutions and one per-pixel combine), but not the same picture: see bench/README.md.
import sharp from 'sharp';
import { sigmaFor } from '../src/core/blur-weights';
import { BLUR_MODIFIER, QUALITY } from './settings';
import { sampleMedians, timedAsync } from './stats';

const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const SOBEL_Y = [-1, -2, -1, 0, 0, 0, 1, 2, 1];
/** libvips cuts the Gaussian where it falls below this: exp(-2) is our support of 2 sigma. */
const MIN_AMPLITUDE = Math.exp(-2);

export interface SharpResult {
  totalMs: number;
  version: string;
  outputBytes: number;
}

/** One thread for libvips, no operation cache (every run does all the work). */
export function configureSharp(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}

export async function benchSharp(jpeg: Buffer, width: number, height: number, runs: number): Promise<SharpResult> {
  configureSharp();
  const sigma = sigmaFor(width, height, BLUR_MODIFIER);
  const { totalMs, outputBytes } = await sampleMedians(runs, 2, async () => {
    const { ms, result } = await timedAsync(() => sharpEdges(jpeg, sigma, 'jpeg'));
    return { totalMs: ms, outputBytes: result.length };
  });
  return { totalMs, outputBytes, version: `sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}` };
}

/** The sharp pipeline; 'raw' returns the 1-channel edge map (full frame size) for checking. */
export async function sharpEdges(jpeg: Buffer, sigma: number, output: 'jpeg' | 'raw'): Promise<Buffer> {
  const blurred = await sharp(jpeg)
    .greyscale()
    .blur({ sigma, minAmplitude: MIN_AMPLITUDE })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: blurred.info.width, height: blurred.info.height, channels: 1 as const };
  // One after the other: in parallel they would use two libuv threads.
  const gx = await convolved(blurred.data, raw, SOBEL_X);
  const gy = await convolved(blurred.data, raw, SOBEL_Y);
  const edges = sharp(gy, { raw })
    .joinChannel([gx, gx], { raw })
    .recomb([
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
    ])
    .extractChannel(0);
  return output === 'jpeg' ? edges.jpeg({ quality: QUALITY }).toBuffer() : edges.raw().toBuffer();
}

/** One 3x3 convolution of a 1-channel raw image, clipped to 0..255, as raw bytes. */
function convolved(plane: Buffer, raw: { width: number; height: number; channels: 1 }, kernel: number[]): Promise<Buffer> {
  return sharp(plane, { raw }).greyscale().convolve({ width: 3, height: 3, kernel, scale: 1, offset: 0 }).toColourspace('b-w').raw().toBuffer();
}
