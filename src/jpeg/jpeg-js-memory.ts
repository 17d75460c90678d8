// Peak memory of a frame decoded by the jpeg-js fallback, known from the header before decoding.
// jpeg-js keeps every 8x8 block as its own Int32Array(64) (256 bytes of data plus V8's object
// headers), then builds component planes, an RGB copy and its output; the kernel adds the RGB
// copy, grey, blur scratch and edge planes. Its own maxMemoryUsageInMB counts only part of this:
// an 8K 4:2:0 frame drove the CLI to 594 MB RSS before jpeg-js refused it.
import { LimitExceededError } from '../core/errors';
import type { JpegHeader } from './header';

/**
 * Upper-bound model fitted to the CLI's peak RSS (process.resourceUsage().maxRSS, one run each)
 * for progressive 4:2:0 and 4:4:4 frames of 8.3, 14.7 and 18.7 MP: every measurement was 20-120 MB
 * below it. 100 MB is the process itself (node, the kernel, the CLI: ~50 MB) plus slack.
 */
export const JPEG_JS_MODEL = { bytesPerBlock: 400, bytesPerPixel: 16, baseBytes: 100 * 2 ** 20 };

/** The most memory one input may take with default limits (the CLI, and the Lambda function when its memory size is unknown). */
export const MAX_PEAK_BYTES = 512 * 2 ** 20;

/** 8x8 blocks jpeg-js allocates: whole MCUs of every component. */
export function jpegJsBlocks(header: Pick<JpegHeader, 'width' | 'height' | 'sampling'>): number {
  const hMax = Math.max(...header.sampling.map(([h]) => h));
  const vMax = Math.max(...header.sampling.map(([, v]) => v));
  const mcus = Math.ceil(header.width / (8 * hMax)) * Math.ceil(header.height / (8 * vMax));
  return mcus * header.sampling.reduce((n, [h, v]) => n + h * v, 0);
}

/** Estimated peak RSS of the process while jpeg-js decodes this frame and the kernel runs. */
export function jpegJsPeakBytes(header: Pick<JpegHeader, 'width' | 'height' | 'sampling'>): number {
  const { bytesPerBlock, bytesPerPixel, baseBytes } = JPEG_JS_MODEL;
  return baseBytes + bytesPerBlock * jpegJsBlocks(header) + bytesPerPixel * header.width * header.height;
}

/** Refuses, before any allocation, a frame the jpeg-js fallback could not decode within `maxBytes`. */
export function checkJpegJsMemory(header: Pick<JpegHeader, 'width' | 'height' | 'sampling'>, maxBytes = MAX_PEAK_BYTES): void {
  const peak = jpegJsPeakBytes(header);
  if (peak <= maxBytes) return;
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  throw new LimitExceededError(
    `a ${header.width}x${header.height} frame of this kind (progressive, CMYK, ...) needs about ${mb(peak)} MB to decode, over the ${mb(maxBytes)} MB memory budget`,
  );
}
