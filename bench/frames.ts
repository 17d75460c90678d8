// The benchmark's input frames: bench/frames/frame-<W>x<H>.jpg (real photographs, see
// bench/frames/README.md). A size whose file is missing gets a synthetic stand-in in the temp
// folder, flagged as such in the output, so the bench still runs from any checkout.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export const SIZE_NAMES = ['720p', '1080p', '4k'] as const;
export type SizeName = (typeof SIZE_NAMES)[number];

export const SIZE_PIXELS: Record<SizeName, { width: number; height: number }> = {
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
  '4k': { width: 3840, height: 2160 },
};

export interface Frame {
  size: SizeName;
  width: number;
  height: number;
  path: string;
  bytes: Buffer;
  synthetic: boolean;
}

/** The repository root: the nearest folder above this file with a package.json (works from dist/bench/ and bench/). */
export const REPO_ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}

export async function loadFrame(size: SizeName, framesDir = join(REPO_ROOT, 'bench', 'frames')): Promise<Frame> {
  const { width, height } = SIZE_PIXELS[size];
  const real = join(framesDir, `frame-${width}x${height}.jpg`);
  if (existsSync(real)) return { size, width, height, path: real, bytes: readFileSync(real), synthetic: false };
  const path = await syntheticFrame(width, height);
  return { size, width, height, path, bytes: readFileSync(path), synthetic: true };
}

/** A textured RGB test card as a quality-90 4:2:0 baseline JPEG, like the real frames. */
async function syntheticFrame(width: number, height: number): Promise<string> {
  const dir = join(tmpdir(), 'frame-processor-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `synthetic-${width}x${height}.jpg`);
  if (existsSync(path)) return path;
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = 3 * (y * width + x);
      const ring = Math.sin(Math.hypot(x - width / 2, y - height / 2) / 9);
      rgb[i] = 128 + 100 * ring;
      rgb[i + 1] = (x * 255) / width;
      rgb[i + 2] = ((x ^ y) & 32 ? 200 : 40) + ((x * 7 + y * 13) % 17);
    }
  }
  const jpeg = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90, chromaSubsampling: '4:2:0', progressive: false })
    .toBuffer();
  writeFileSync(path, jpeg);
  return path;
}
