// Adversarial pictures for the H.264 conformance tests: a seeded, endless procedural world that a
// camera moves over at any speed in any direction, plus hard cuts, flat frames and noise.
// The world is made of 32x32 cells of different kinds: black (most of them, as in real edge maps),
// bright lines on black, sparse dots, flat grey, smooth texture and noise, so a moving camera gives
// skipped, predicted and intra macroblocks next to each other, at every picture edge.
import { seededRandom } from './images';

/** A 32-bit integer hash of (seed, x, y). */
function hash(seed: number, x: number, y: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(x, 0x27d4eb2d) ^ Math.imul(y, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

/** The world's sample at (x, y), any integers. */
export function worldSample(seed: number, x: number, y: number): number {
  const cell = hash(seed, x >> 5, y >> 5);
  const kind = cell & 15;
  if (kind <= 4) {
    // Lines: x * a + y * b crosses a band of `thickness` every `period` samples.
    const a = ((cell >>> 4) % 7) - 3, b = ((cell >>> 7) % 7) - 3, period = 9 + ((cell >>> 10) % 40), thickness = 1 + ((cell >>> 16) % 3);
    const phase = (((x * a + y * (b === 0 && a === 0 ? 1 : b)) % period) + period) % period;
    return phase < thickness ? 64 + ((cell >>> 18) % 192) : 0;
  }
  if (kind === 12) return (cell >>> 8) & 255;
  if (kind === 13) return Math.round(128 + 100 * Math.sin(x * 0.21 + (cell & 31)) * Math.cos(y * 0.13));
  if (kind === 14) return hash(seed + 1, x, y) & 255;
  if (kind === 15) return (hash(seed + 2, x >> 2, y >> 2) & 63) === 0 ? 255 : 0; // sparse bright dots
  return 0; // black, as most of an edge map
}

/**
 * The width x height view of the world with its top-left corner at (left, top); at fractional
 * positions each sample is the bilinear mix of its four neighbours (as a camera's sub-pixel motion
 * gives), so the encoder finds fractional vectors.
 */
export function worldView(seed: number, left: number, top: number, width: number, height: number): Uint8Array {
  const x0 = Math.floor(left), y0 = Math.floor(top), fx = left - x0, fy = top - y0;
  const gridWidth = width + 1, grid = new Uint8Array(gridWidth * (height + 1));
  for (let y = 0; y <= height; y++) for (let x = 0; x <= width; x++) grid[y * gridWidth + x] = worldSample(seed, x0 + x, y0 + y);
  const plane = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * gridWidth + x;
      const upper = (1 - fx) * grid[at] + fx * grid[at + 1], lower = (1 - fx) * grid[at + gridWidth] + fx * grid[at + gridWidth + 1];
      plane[y * width + x] = Math.round((1 - fy) * upper + fy * lower);
    }
  }
  return plane;
}

/**
 * `count` views of a camera starting at (left, top) and reaching (dx, dy) samples per frame (fractions
 * too) after speeding up over its first frames, as a real pan does: the motion search follows it, so
 * vectors grow as large as the motion, and skipped macroblocks inherit them up to the picture edges.
 */
export function* cameraPan(seed: number, width: number, height: number, count: number, dx: number, dy: number, left = 0, top = 0): Generator<Uint8Array> {
  for (let i = 0, x = left, y = top; i < count; i++) {
    yield worldView(seed, x, y, width, height);
    const pace = Math.min(1, (i + 1) / SPEED_UP_FRAMES);
    x += dx * pace;
    y += dy * pace;
  }
}

const SPEED_UP_FRAMES = 4;

/** The eight directions of motion: right, down-right, down, down-left, left, up-left, up, up-right. */
export const EIGHT_DIRECTIONS: readonly (readonly [number, number])[] = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];

/**
 * A seeded random sequence: the camera jumps in a random direction by up to 128 samples, stays, or
 * the picture is cut to another world, to a flat grey or to noise, frame by frame.
 */
export function* randomSequence(seed: number, width: number, height: number, count: number): Generator<Uint8Array> {
  const random = seededRandom(seed);
  let world = seed, left = 0, top = 0;
  for (let i = 0; i < count; i++) {
    const event = random();
    if (event < 0.1) {
      yield new Uint8Array(width * height).fill(Math.floor(random() * 256));
      continue;
    }
    if (event < 0.2) {
      yield Uint8Array.from({ length: width * height }, (_, k) => hash(seed, i, k) & 255);
      continue;
    }
    if (event < 0.3) world += 1;
    else if (event < 0.9) {
      left += Math.round((random() * 2 - 1) * 128);
      top += Math.round((random() * 2 - 1) * 128);
    }
    yield worldView(world, left, top, width, height);
  }
}
