// The build freshness check that tests of built code run first, on a small tree made here with
// chosen modification times, then on the repository itself.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { assertFreshBuild, staleOutputs, StaleBuildError } from './build-freshness';

/** Files of a minimal project, each written with the given age in seconds. */
const TREE: Record<string, number> = {
  'asconfig.json': 100,
  'tsconfig.json': 100,
  'assembly/index.ts': 90,
  'assembly/blur.ts': 90,
  'build/release.wasm': 80,
  'build/debug.wasm': 80,
  'src/wasm/generated/release-wasm.ts': 80,
  'src/core/png.ts': 70,
  'src/types.d.ts': 70,
  'bench/bench.ts': 70,
  'dist/src/wasm/generated/release-wasm.js': 60,
  'dist/src/core/png.js': 60,
  'dist/bench/bench.js': 60,
};

describe('test support: the build freshness check', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'frame-processor-freshness-'));
    for (const [path, age] of Object.entries(TREE)) touch(path, age);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function touch(path: string, ageSeconds: number): void {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, '');
    const when = Date.now() / 1000 - ageSeconds;
    utimesSync(full, when, when);
  }

  it('passes a build newer than every source (declaration files have no output)', () => {
    assert.deepEqual(staleOutputs('dist', root), []);
    assert.doesNotThrow(() => assertFreshBuild('dist', root));
  });

  it('names the source edited after the build, and npm run build', () => {
    touch('src/core/png.ts', 1);

    assert.throws(
      () => assertFreshBuild('dist', root),
      (error: Error) => error instanceof StaleBuildError && error.message === 'the build is stale: dist/src/core/png.js is older than src/core/png.ts; run `npm run build` first (npm test does)',
    );
    assert.doesNotThrow(() => assertFreshBuild('wasm', root), 'the WebAssembly modules do not depend on src/core');
  });

  it('names a missing output', () => {
    rmSync(join(root, 'dist/bench/bench.js'));

    assert.deepEqual(staleOutputs('dist', root), [{ output: 'dist/bench/bench.js' }]);
  });

  it('counts the WebAssembly modules as stale after an AssemblyScript edit, for dist/ too', () => {
    touch('assembly/blur.ts', 1);

    const wasm = /the build is stale: build\/release\.wasm is older than assembly\/blur\.ts \(and 2 more\); run `npm run build:wasm` first/;
    assert.throws(() => assertFreshBuild('wasm', root), wasm);
    assert.throws(() => assertFreshBuild('dist', root), /build\/release\.wasm is older than assembly\/blur\.ts \(and 2 more\); run `npm run build` first/);
  });

  it('counts all of dist/ as stale after a tsconfig.json change', () => {
    touch('tsconfig.json', 1);

    assert.equal(staleOutputs('dist', root).length, 3);
  });
});
