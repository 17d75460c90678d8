// The original Rust program (../shared/seed-reference, `seed-sobel`), one process per run: it
// prints its own stage times with --timing. RAYON_NUM_THREADS=1 keeps it to one thread like
// every other contender. Its decode includes reading the file and its encode writing one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageMs } from './settings';
import { medians } from './stats';

/** Median stage times over `runs` runs of `binary` on `framePath` (one untimed run first, to warm the file cache). */
export function benchRust(binary: string, framePath: string, runs: number): StageMs {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rust-'));
  try {
    const run = () => runOnce(binary, framePath, join(dir, 'edges.jpg'));
    run();
    return medians(Array.from({ length: runs }, run));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runOnce(binary: string, input: string, output: string): StageMs {
  const child = spawnSync(binary, [input, output, '--timing'], {
    encoding: 'utf8',
    env: { ...process.env, RAYON_NUM_THREADS: '1' },
  });
  if (child.error) throw new Error(`could not run ${binary}: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`${binary} exited with ${child.status}: ${child.stderr.trim()}`);
  return parseTiming(child.stderr);
}

/** Reads `decode_ms=… blur_ms=… luma_ms=… sobel_ms=… encode_ms=… total_ms=…`. */
export function parseTiming(stderr: string): StageMs {
  const value = (key: string) => {
    const match = new RegExp(`\\b${key}=([0-9.]+)`).exec(stderr);
    if (!match) throw new Error(`no ${key} in the Rust program's --timing output: ${stderr.trim()}`);
    return Number(match[1]);
  };
  return {
    decodeMs: value('decode_ms'),
    kernelMs: value('blur_ms') + value('luma_ms') + value('sobel_ms'),
    encodeMs: value('encode_ms'),
    totalMs: value('total_ms'),
  };
}
