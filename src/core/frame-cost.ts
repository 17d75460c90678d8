// What a frame will cost in CPU time, known from its JPEG header before any pixel is decoded:
// the blur's work (pixels x taps), checked before decoding.
import { blurRadius, sigmaFor } from './blur-weights';
import { LimitExceededError } from './errors';

/**
 * Most blur work per frame, in pixels x taps (taps = 2 x radius + 1, one pass each way). An 8K
 * UHD frame at the largest BLUR_MODIFIER (12: radius 219, 439 taps) is 1.46e10 and fits; so does
 * a 40 MP frame at the default modifier 8 (1.41e10). At the measured 0.23 ns per pixel-tap this is
 * about 3.5 s of CPU on the development machine (`npm run bench -- --limits`).
 */
export const MAX_BLUR_WORK = 1.5e10;

/** Taps of the blur a width x height frame gets at `blurModifier` (0 when there is no blur). */
export function blurTaps(width: number, height: number, blurModifier: number): number {
  const radius = blurRadius(sigmaFor(width, height, blurModifier), Math.max(width, height) - 1);
  return radius === 0 ? 0 : 2 * radius + 1;
}

/** Refuses (LimitExceededError) a frame whose blur would be more than `maxWork` pixels x taps. */
export function checkBlurWork(width: number, height: number, blurModifier: number, maxWork: number): void {
  const taps = blurTaps(width, height, blurModifier);
  const work = width * height * taps;
  if (work <= maxWork) return;
  throw new LimitExceededError(
    `a ${width}x${height} frame at blur modifier ${blurModifier} needs a ${taps}-tap blur (${work.toExponential(2)} pixel-taps), over the limit of ${maxWork.toExponential(2)} that bounds a frame's blur time; use a smaller blur modifier`,
  );
}
