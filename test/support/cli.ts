// The built command line (npm run build), run by tests in a child process as a user runs it, on
// frames written to temporary folders.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { assertFreshBuild } from './build-freshness';
import { makeJpeg } from './jpegs';

export const CLI_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

// Any run that loads a CLI test first checks that dist/ is newer than its sources (a root hook).
before(() => assertFreshBuild('dist'));

export interface CliOptions {
  /** A module node loads (--require) before the CLI, in the main thread and in every worker thread. */
  preload?: string;
  cwd?: string;
  /** The CLI's environment; this process's when not given. */
  env?: NodeJS.ProcessEnv;
  /** A CliProcess still running after this long is killed (default 30 s). */
  timeoutMs?: number;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The node arguments that run the CLI with `args`. */
function nodeArgs(args: string[], options: CliOptions): string[] {
  return [...(options.preload ? ['--require', options.preload] : []), CLI_MAIN, ...args];
}

/** Runs the CLI to its end; a run that hangs is killed after 30 s (or timeoutMs), so it fails instead of stalling. */
export function runCli(args: string[], options: CliOptions = {}): CliRun {
  const run = spawnSync(process.execPath, nodeArgs(args, options), { encoding: 'utf8', timeout: options.timeoutMs ?? 30_000, cwd: options.cwd, env: options.env });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** A CLI process still running, for tests that signal it; `stderr` grows as it writes. */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly ended: Promise<CliRun>;

  constructor(args: string[], options: CliOptions = {}) {
    this.child = spawn(process.execPath, nodeArgs(args, options), { cwd: options.cwd, env: options.env });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    this.ended = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      }),
    );
  }
}

/** Resolves once `ready()` is true, checking every 5 ms; rejects after 20 s. */
export async function waitFor(what: string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A fresh temporary folder. */
export function tempFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a small distinct JPEG at each relative path under `root`; returns their full paths. */
export function writeFrames(root: string, names: string[]): string[] {
  return names.map((name, i) => {
    const path = join(root, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, makeJpeg(24 + i, 16 + i, i + 1));
    return path;
  });
}

/** Writes `code` (CommonJS) as a module for CliOptions.preload; returns its path. */
export function writePreload(dir: string, name: string, code: string): string {
  const path = join(dir, `${name}.cjs`);
  writeFileSync(path, code);
  return path;
}

/** Every file under `root` (relative paths, sorted) with its bytes, to prove a run left it as it was. */
export function snapshot(root: string): Map<string, string> {
  const files = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  const paths = files.map((entry) => join(entry.parentPath, entry.name)).sort();
  return new Map(paths.map((path) => [path.slice(root.length + 1), readFileSync(path).toString('base64')]));
}

/** The stderr lines of a run, without the usage text that follows a usage error. */
export function stderrLines(run: { stderr: string }): string[] {
  const text = run.stderr.split('\nusage: ')[0];
  return text.split('\n').filter((line) => line !== '');
}
