// Is the build newer than its sources? Tests that run built code (dist/ in a child process, the
// WebAssembly modules everywhere) call this first, so an edit followed by a test run without
// `npm run build` fails naming the stale file and the command, instead of testing the old code.
// By modification time, as make does: a checkout or an edit makes a source newer than its output.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The WebAssembly modules (npm run build:wasm) or all of dist/ (npm run build, which includes them). */
export type BuildPart = 'wasm' | 'dist';

export interface StaleOutput {
  /** Paths relative to the repository root. */
  output: string;
  /** The source it is older than; absent when the output is missing. */
  newerSource?: string;
}

export class StaleBuildError extends Error {
  override name = 'StaleBuildError';
}

const BUILD_COMMAND: Record<BuildPart, string> = { wasm: 'npm run build:wasm', dist: 'npm run build' };
const WASM_OUTPUTS = ['build/release.wasm', 'build/debug.wasm', 'src/wasm/generated/release-wasm.ts'];
/** tsconfig.json's "include": every .ts there compiles to dist/<same path>.js. */
const TS_FOLDERS = ['src', 'bench', 'scripts'];

/** Throws a StaleBuildError naming the first stale output, how many more, and the command to run. */
export function assertFreshBuild(part: BuildPart, root = REPO_ROOT): void {
  const stale = part === 'dist' ? [...staleOutputs('wasm', root), ...staleOutputs('dist', root)] : staleOutputs('wasm', root);
  if (stale.length === 0) return;
  const [first] = stale;
  const what = first.newerSource ? `${first.output} is older than ${first.newerSource}` : `${first.output} is missing`;
  const more = stale.length > 1 ? ` (and ${stale.length - 1} more)` : '';
  throw new StaleBuildError(`the build is stale: ${what}${more}; run \`${BUILD_COMMAND[part]}\` first (npm test does)`);
}

/** The outputs of `part` that are missing or older than a source they are built from. */
export function staleOutputs(part: BuildPart, root = REPO_ROOT): StaleOutput[] {
  const pairs = part === 'wasm' ? wasmPairs(root) : distPairs(root);
  return pairs.flatMap(({ output, sources }) => {
    const built = modified(root, output);
    if (built === undefined) return [{ output }];
    const newer = sources.find((source) => (modified(root, source) ?? 0) > built);
    return newer ? [{ output, newerSource: newer }] : [];
  });
}

interface BuildPair {
  output: string;
  sources: string[];
}

function wasmPairs(root: string): BuildPair[] {
  const sources = ['asconfig.json', ...tsFiles(root, 'assembly')];
  return WASM_OUTPUTS.map((output) => ({ output, sources }));
}

function distPairs(root: string): BuildPair[] {
  return TS_FOLDERS.flatMap((folder) => tsFiles(root, folder)).map((source) => ({
    output: join('dist', source.replace(/\.ts$/, '.js')),
    sources: [source, 'tsconfig.json'],
  }));
}

/** The .ts files (no declaration files) under `folder`, relative to root. */
function tsFiles(root: string, folder: string): string[] {
  if (!existsSync(join(root, folder))) return [];
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(folder, name))
    .sort();
}

function modified(root: string, path: string): number | undefined {
  const full = join(root, path);
  return existsSync(full) ? statSync(full).mtimeMs : undefined;
}
