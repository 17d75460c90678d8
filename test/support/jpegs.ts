// Small JPEG inputs made in the test itself with jpeg-js's (3-component) encoder.
import { encode } from 'jpeg-js';
import { smoothRgb } from './images';

/** A JPEG of a seeded smooth image. */
export function makeJpeg(width: number, height: number, seed = 1, quality = 90): Buffer {
  const rgb = smoothRgb(width, height, seed);
  const rgba = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; i++) rgba.set(rgb.subarray(3 * i, 3 * i + 3), 4 * i);
  return encode({ data: rgba, width, height }, quality).data;
}
