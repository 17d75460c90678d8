// Frames per second of the real CLI on a folder of copies of one frame, at --concurrency 1 and 2.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from './frames';

export interface CliRun {
  concurrency: number;
  frames: number;
  /** What the CLI's summary line says (its own clock: finding files to the last frame written). */
  framesPerSecond: number;
  /** Frames over the wall time of the whole command, node start-up included. */
  wallFramesPerSecond: number;
}

export function measureCli(framePath: string, copies: number, concurrencies: number[]): CliRun[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
  try {
    const input = join(dir, 'in');
    mkdirSync(input);
    for (let i = 0; i < copies; i++) copyFileSync(framePath, join(input, `frame-${String(i).padStart(3, '0')}.jpg`));
    return concurrencies.map((concurrency) => runCli(input, join(dir, `out-${concurrency}`), copies, concurrency));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runCli(input: string, out: string, frames: number, concurrency: number): CliRun {
  const cli = cliCommand();
  const started = performance.now();
  const child = spawnSync(process.execPath, [...cli, input, '--out', out, '--concurrency', String(concurrency)], { encoding: 'utf8' });
  const wallSeconds = (performance.now() - started) / 1000;
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`the CLI exited with ${child.status}: ${child.stderr.trim()}`);
  const match = /frames: (\d+), skipped: \d+, failed: (\d+),.*frames\/s: ([0-9.]+)/.exec(child.stdout);
  if (!match || Number(match[1]) !== frames || Number(match[2]) !== 0) throw new Error(`unexpected CLI output: ${`${child.stdout} ${child.stderr}`.trim()}`);
  return { concurrency, frames, framesPerSecond: Number(match[3]), wallFramesPerSecond: frames / wallSeconds };
}

/** node arguments that start the CLI: the built dist/src/cli/main.js, or its source when the bench runs under tsx. */
export function cliCommand(): string[] {
  if (extname(__filename) === '.ts') return [...process.execArgv, join(REPO_ROOT, 'src', 'cli', 'main.ts')];
  return [join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js')];
}
