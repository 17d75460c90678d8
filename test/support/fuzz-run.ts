// Runs fuzz cases through processFrame and judges each outcome. Used in the fuzzer's worker
// threads and in-process to reproduce one case.
import { FrameError } from '../../src/core/errors';
import { processFrame, type FrameOptions } from '../../src/core/pipeline';

/** Small limits keep every case fast; the header checks under test are the same at any limit. */
export const FUZZ_OPTIONS: FrameOptions = {
  blurModifier: 8,
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

export function runCase(bytes: Uint8Array): CaseOutcome {
  try {
    const result = processFrame(bytes, FUZZ_OPTIONS);
    const { width, height, inputWidth, inputHeight } = result;
    if (width !== inputWidth - 2 || height !== inputHeight - 2 || result.bytes.length !== width * height) {
      return { outcome: 'output', failure: `output of ${result.bytes.length} bytes for ${width}x${height} (input ${inputWidth}x${inputHeight})` };
    }
    return { outcome: 'output' };
  } catch (error) {
    if (!(error instanceof FrameError)) return { outcome: 'exception', failure: `untyped ${describe(error)}` };
    if (!error.message.startsWith(`${FUZZ_OPTIONS.source}: `) || error.message.includes('\n')) {
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
