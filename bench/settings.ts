// The job every contender does: the Rust program's defaults; ours in both blur methods.
import type { BlurMethod } from '../src/core/reduction';

/** frame-processor's methods, the default first. */
export const METHODS: readonly BlurMethod[] = ['fast', 'exact'];

/** sigma = width * height / 3 630 000 * BLUR_MODIFIER (1080p: 4.57, 4K: 18.3). */
export const BLUR_MODIFIER = 8;
/** JPEG quality of every output. */
export const QUALITY = 75;

/** Stage times of one contender, ms. */
export interface StageMs {
  decodeMs: number;
  kernelMs: number;
  encodeMs: number;
  /** Wall time of the whole frame, measured around the call. */
  totalMs: number;
}
