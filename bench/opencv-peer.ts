// OpenCV + libjpeg-turbo (native) doing the same job in one thread: bench/opencv_peer.py runs
// it in-process, times each stage with time.perf_counter and prints JSON medians.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { blurRadius, sigmaFor } from '../src/core/blur-weights';
import { reductionFor } from '../src/core/reduction';
import { REPO_ROOT } from './frames';
import { BLUR_MODIFIER, QUALITY, type StageMs } from './settings';

export interface OpenCvResult {
  /** IMREAD_GRAYSCALE: libjpeg-turbo decodes the luma channel only. */
  grey: StageMs;
  /** IMREAD_COLOR + cvtColor: a full colour decode, like frame-processor's. */
  colour: StageMs;
  /** The fast path's trick in OpenCV, at the same k (absent where k is 1): IMREAD_REDUCED_GRAYSCALE_k / IMREAD_REDUCED_COLOR_k, blur with sigma/k, INTER_CUBIC back up. */
  reduced?: { k: number; grey: StageMs; colour: StageMs };
  version: string;
  python: string;
}

const SCRIPT = join(REPO_ROOT, 'bench', 'opencv_peer.py');

/** The first interpreter that can import cv2: `preferred`, else python3, else /usr/bin/python3. */
export function findOpenCvPython(preferred?: string): string | undefined {
  const candidates = preferred ? [preferred] : ['python3', '/usr/bin/python3'];
  return candidates.find((python) => spawnSync(python, ['-c', 'import cv2, numpy'], { stdio: 'ignore' }).status === 0);
}

export function benchOpenCv(python: string, framePath: string, width: number, height: number, runs: number): OpenCvResult {
  const sigma = sigmaFor(width, height, BLUR_MODIFIER);
  const radius = blurRadius(sigma, Math.max(width, height) - 1);
  const k = reductionFor(sigma);
  const reducedRadius = blurRadius(sigma / k, Math.max(width, height) / k - 1);
  const args = [SCRIPT, framePath, String(sigma), String(radius), String(QUALITY), String(runs), ...(k > 1 ? [String(k), String(reducedRadius)] : [])];
  const child = spawnSync(python, args, { encoding: 'utf8' });
  if (child.error) throw new Error(`could not run ${python}: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`opencv_peer.py exited with ${child.status}: ${child.stderr.trim()}`);
  const parsed = JSON.parse(child.stdout) as { grey: StageMs; colour: StageMs; reducedGrey?: StageMs; reducedColour?: StageMs; version: string };
  const reduced = parsed.reducedGrey && parsed.reducedColour ? { k, grey: stages(parsed.reducedGrey), colour: stages(parsed.reducedColour) } : undefined;
  return { grey: stages(parsed.grey), colour: stages(parsed.colour), ...(reduced ? { reduced } : {}), version: parsed.version, python };
}

function stages({ decodeMs, kernelMs, encodeMs, totalMs }: StageMs): StageMs {
  return { decodeMs, kernelMs, encodeMs, totalMs };
}
