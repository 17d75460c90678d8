// A video's frames made from a real photograph: a window moving a fixed number of pixels per frame
// (bouncing back at the photograph's edges, so any speed lasts any number of frames), each frame a
// JPEG at quality 90 as a capture stores it. The bench's fast tilt and the video command's tests
// (test/support/moving-frames.ts) move frames this way.
import sharp from 'sharp';

export interface Motion {
  /** Pixels per frame, right and down (negative: left and up). */
  dx: number;
  dy: number;
}

/** `count` width x height JPEG frames cut from `photo` by a window moving `motion` per frame from the top-left. */
export async function movingFrames(photo: string | Uint8Array, width: number, height: number, count: number, motion: Motion): Promise<Buffer[]> {
  const source = await sharp(photo).raw().toBuffer({ resolveWithObject: true });
  const { width: photoWidth, height: photoHeight } = source.info;
  const frames: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const left = bounce(i * motion.dx, photoWidth - width);
    const top = bounce(i * motion.dy, photoHeight - height);
    frames.push(await sharp(source.data, { raw: source.info }).extract({ left, top, width, height }).jpeg({ quality: 90 }).toBuffer());
  }
  return frames;
}

/** `bounce(p, max)`: p folded into 0..max and back, as a window that turns at the edges. */
function bounce(position: number, max: number): number {
  if (max <= 0) return 0;
  const phase = ((position % (2 * max)) + 2 * max) % (2 * max);
  return phase <= max ? phase : 2 * max - phase;
}
