// Runs fuzz cases through processFrame and judges each outcome. Used in the fuzzer's worker
// threads and in-process to reproduce one case. Every case runs twice: the exact path, and the
// fast path with a blur modifier that puts the (small) frame on the grid 4 times coarser, so the
// decoder's reduced scales see every mutation too; both must reach the same verdict.
import { sigmaFor } from '../../src/core/blur-weights';
import { FrameError } from '../../src/core/errors';
import { processFrame, type FrameOptions } from '../../src/core/pipeline';
import { readJpegHeader } from '../../src/jpeg/header';

/** Small limits keep every case fast; the header checks under test are the same at any limit. */
export const FUZZ_OPTIONS: FrameOptions = {
  blurModifier: 8,
  blurMethod: 'exact',
  quality: 75,
  format: 'raw',
  limits: { maxPixels: 512 * 512, maxInputBytes: 1 << 20 },
  source: 'fuzz/case.jpg',
};

export interface CaseOutcome {
  /** 'output' or the FrameError subclass's name. */
  outcome: string;
  /** Set when the case broke the contract: why. */
  failure?: string;
  /** A FrameError whose reason is a JavaScript error from inside the decoder (not a failure, but reported). */
  internal?: string;
}

/** A decoder's own JavaScript error text, leaked through a typed error's reason. */
const INTERNAL = /Cannot read propert|Cannot set propert|is not a function|is not iterable|undefined|null|Invalid array length|Maximum call stack/;

/** A blur modifier that puts a frame on the grid 4 times coarser (sigma 10); 8 when its header is refused anyway. */
export function coarseModifier(bytes: Uint8Array): number {
  try {
    const { width, height } = readJpegHeader(bytes);
    return 10 / sigmaFor(width, height, 1) || 8;
  } catch {
    return 8;
  }
}

export function runCase(bytes: Uint8Array): CaseOutcome {
  const exact = runOnce(bytes, FUZZ_OPTIONS);
  const fast = runOnce(bytes, { ...FUZZ_OPTIONS, blurMethod: 'fast', blurModifier: coarseModifier(bytes) });
  if (exact.failure || fast.failure) return exact.failure ? exact : { ...fast, failure: `fast path: ${fast.failure}` };
  if (fast.outcome !== exact.outcome) return { ...exact, failure: `the fast path's verdict is ${fast.outcome}, the exact path's ${exact.outcome}` };
  return exact;
}

function runOnce(bytes: Uint8Array, options: FrameOptions): CaseOutcome {
  try {
    const result = processFrame(bytes, options);
    const { width, height, inputWidth, inputHeight } = result;
    if (width !== inputWidth - 2 || height !== inputHeight - 2 || result.bytes.length !== width * height) {
      return { outcome: 'output', failure: `output of ${result.bytes.length} bytes for ${width}x${height} (input ${inputWidth}x${inputHeight})` };
    }
    return { outcome: 'output' };
  } catch (error) {
    if (!(error instanceof FrameError)) return { outcome: 'exception', failure: `untyped ${describe(error)}` };
    if (!error.message.startsWith(`${options.source}: `) || error.message.includes('\n')) {
      return { outcome: error.name, failure: `message is not one line naming the source: ${JSON.stringify(error.message)}` };
    }
    return { outcome: error.name, internal: INTERNAL.test(error.reason) ? error.reason : undefined };
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return `throw of ${String(error)}`;
  const where = error.stack?.split('\n')[1]?.trim() ?? '';
  return `${error.name}: ${error.message} ${where}`;
}
