// Test frames whose content encodes their frame index, so a decoder's or a browser's output can
// be checked frame by frame: the top band holds INDEX_BITS vertical bars, most significant bit
// first, dark (48) for 0 and light (208) for 1; the rest is flat grey or, for tests that need
// many bytes per frame, seeded noise. Bars this wide survive H.264 at any sensible quality and
// a browser's YUV->RGB conversion.
import { seededRandom } from './images';

export const INDEX_BITS = 10;
const DARK = 48;
const LIGHT = 208;

export interface IndexFrameOptions {
  /** Fill everything below the bars with noise (seeded by the frame index) to make frames big. */
  noise?: boolean;
}

/** Height of the bar band: the top half of the frame. */
const bandHeight = (height: number) => Math.max(8, Math.floor(height / 2));

/** An 8-bit grey frame showing `index` (0 <= index < 2^INDEX_BITS). */
export function indexFrame(width: number, height: number, index: number, options: IndexFrameOptions = {}): Uint8Array {
  if (width < INDEX_BITS * 8) throw new RangeError(`frames need at least ${INDEX_BITS * 8} pixels of width`);
  const grey = new Uint8Array(width * height).fill(128);
  const barWidth = Math.floor(width / INDEX_BITS);
  for (let bit = 0; bit < INDEX_BITS; bit++) {
    const value = (index >> (INDEX_BITS - 1 - bit)) & 1 ? LIGHT : DARK;
    for (let y = 0; y < bandHeight(height); y++) grey.fill(value, y * width + bit * barWidth, y * width + (bit + 1) * barWidth);
  }
  if (options.noise) {
    const random = seededRandom(index + 1);
    for (let i = bandHeight(height) * width; i < grey.length; i++) grey[i] = Math.floor(random() * 256);
  }
  return grey;
}

/**
 * The index shown by a decoded frame: `channels` interleaved samples per pixel (1 for grey, 4
 * for a canvas's RGBA; the first channel is read). Averages the middle of each bar.
 */
export function readFrameIndex(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels = 1): number {
  const barWidth = Math.floor(width / INDEX_BITS);
  const rows = bandHeight(height);
  let index = 0;
  for (let bit = 0; bit < INDEX_BITS; bit++) {
    let sum = 0;
    let count = 0;
    for (let y = Math.floor(rows / 4); y < Math.ceil((rows * 3) / 4); y++) {
      for (let x = bit * barWidth + Math.floor(barWidth / 4); x < bit * barWidth + Math.ceil((barWidth * 3) / 4); x++) {
        sum += pixels[(y * width + x) * channels];
        count++;
      }
    }
    index = index * 2 + (sum / count > 128 ? 1 : 0);
  }
  return index;
}
