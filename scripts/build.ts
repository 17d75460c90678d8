// `npm run build`, and `npm start`'s build that runs only what is stale. The build has two steps,
// each an npm script: WebAssembly (asc, then the modules embedded into src/wasm/generated/ and
// src/video/h264/generated/) and
// TypeScript (tsc into dist/). After a step succeeds it records a fingerprint (SHA-256 of every
// file's path and content) of the files it read and of the files it wrote. A step is up to date
// when both fingerprints still match: contents decide, not timestamps, so an edit, a new or
// deleted source, a checkout, a failed or interrupted build, and a deleted or edited output each
// make the step run again; a fresh clone has no record and builds everything.
//
//   node --require tsx/cjs scripts/build.ts              build every step
//   node --require tsx/cjs scripts/build.ts --if-stale   build only the steps that are stale
//   node --require tsx/cjs scripts/build.ts --check      name the stale steps (exit 1), build nothing
//
// A step that gains an input or an output (a second WebAssembly module, say) lists it in STEPS.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';

export interface BuildStep {
  name: string;
  /** The command that builds it, run in the project folder. */
  command: string[];
  /** Files and folders it reads; in folders, only files with one of `extensions` (all when absent). */
  inputs: string[];
  extensions?: string[];
  /** Files and folders it writes. */
  outputs: string[];
  /** Where its fingerprints are recorded (inside its outputs, so deleting them forgets it). */
  record: string;
}

const LOCK = 'package-lock.json'; // compiler versions

export const STEPS: BuildStep[] = [
  {
    name: 'WebAssembly',
    command: ['npm', 'run', '--silent', 'build:wasm'],
    // Two modules: the frame kernel, and the H.264 encoder that only the video code embeds.
    inputs: ['assembly', 'asconfig.json', 'asconfig.h264.json', 'scripts/embed-wasm.mjs', 'scripts/embed-h264-wasm.mjs', LOCK],
    outputs: ['build', 'src/wasm/generated', 'src/video/h264/generated'],
    record: 'build/.build-record.json',
  },
  {
    name: 'TypeScript',
    command: ['npm', 'run', '--silent', 'build:ts'],
    inputs: ['src', 'bench', 'scripts', 'tsconfig.json', LOCK], // tsconfig.json's "include"
    extensions: ['.ts'],
    outputs: ['dist'],
    record: 'dist/.build-record.json',
  },
];

interface BuildRecord {
  inputs: string;
  outputs: string;
}

/** Why the step must run, or undefined when it is up to date. */
export function staleness(root: string, step: BuildStep): string | undefined {
  const record = readRecord(join(root, step.record));
  if (!record) return 'never built here';
  if (record.inputs !== inputsOf(root, step)) return 'its sources changed';
  if (record.outputs !== outputsOf(root, step)) return 'its output changed or is missing';
  return undefined;
}

/** Runs the steps (only the stale ones with `ifStale`) in order; throws when one fails. Returns the names of those run. */
export function build(root: string, steps: BuildStep[], options: { ifStale: boolean; log: (line: string) => void }): string[] {
  const ran: string[] = [];
  for (const step of steps) {
    const reason = options.ifStale ? staleness(root, step) : '';
    if (reason === undefined) continue;
    options.log(`build: ${step.name}${reason && ` (${reason})`}`);
    const inputs = inputsOf(root, step); // before it runs: a source edited meanwhile makes the next check rebuild
    const result = spawnSync(step.command[0], step.command.slice(1), { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`build: ${step.name} failed (${result.error?.message ?? `exit code ${result.status}`})`);
    mkdirSync(dirname(join(root, step.record)), { recursive: true });
    writeFileSync(join(root, step.record), JSON.stringify({ inputs, outputs: outputsOf(root, step) } satisfies BuildRecord) + '\n');
    ran.push(step.name);
  }
  return ran;
}

function inputsOf(root: string, step: BuildStep): string {
  return fingerprint(root, step.inputs, (path) => !step.extensions || step.extensions.includes(extname(path)));
}

function outputsOf(root: string, step: BuildStep): string {
  return fingerprint(root, step.outputs, (path) => path !== join(root, step.record));
}

/** SHA-256 over every file's path (relative to root, sorted) and content; a missing path counts too. */
function fingerprint(root: string, paths: string[], inFolder: (path: string) => boolean): string {
  const hash = createHash('sha256');
  for (const path of paths) {
    const files = filesUnder(join(root, path), inFolder);
    if (files === undefined) hash.update(`${path}\0missing\n`);
    for (const file of files ?? []) {
      const name = relative(root, file).split(sep).join('/');
      hash.update(`${name}\0${createHash('sha256').update(readFileSync(file)).digest('hex')}\n`);
    }
  }
  return hash.digest('hex');
}

/** The file itself, or the matching files anywhere under the folder (sorted); undefined if nothing is there. */
function filesUnder(path: string, inFolder: (path: string) => boolean): string[] | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return undefined;
  if (!stats.isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(inFolder)
    .sort();
}

function readRecord(path: string): BuildRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as Partial<BuildRecord>;
    return typeof record.inputs === 'string' && typeof record.outputs === 'string' ? (record as BuildRecord) : undefined;
  } catch {
    return undefined;
  }
}

function main(argv: string[]): number {
  const root = join(__dirname, '..');
  if (argv.includes('--check')) {
    const stale = STEPS.map((step) => [step.name, staleness(root, step)]).filter(([, reason]) => reason !== undefined);
    for (const [name, reason] of stale) console.error(`build: ${name} is stale (${reason}); npm run build`);
    return stale.length > 0 ? 1 : 0;
  }
  try {
    const ran = build(root, STEPS, { ifStale: argv.includes('--if-stale'), log: (line) => console.log(line) });
    if (ran.length === 0) console.log('build: up to date');
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
