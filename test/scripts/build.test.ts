// The build's freshness check (scripts/build.ts), which lets `npm start` skip an up-to-date build:
// two small steps in a scratch project, the second reading the first's output, as the TypeScript
// step reads the embedded WebAssembly; then the real steps against the project's own configuration.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, staleness, STEPS, type BuildStep } from '../../scripts/build';

const ROOT = join(__dirname, '..', '..');

/** A step as a Node one-liner: logs its run in runs.log, then does `script` (with fs and the root in scope). */
function step(name: string, script: string, inputs: string[], outputs: string[], extensions?: string[]): BuildStep {
  const code = `const fs = require('fs'); fs.appendFileSync('runs.log', '${name}\\n'); ${script}`;
  return { name, command: [process.execPath, '-e', code], inputs, extensions, outputs, record: `${outputs[0]}/.record.json` };
}

const STEP_A = step(
  'A',
  `fs.mkdirSync('a-out', { recursive: true });
   const text = fs.readdirSync('in').filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync('in/' + f, 'utf8')).join('');
   fs.writeFileSync('a-out/all.txt', text);
   if (fs.existsSync('in/broken.txt')) process.exit(3);`,
  ['in'],
  ['a-out'],
  ['.txt'],
);
const STEP_B = step('B', `fs.mkdirSync('b-out', { recursive: true }); fs.writeFileSync('b-out/upper.txt', fs.readFileSync('a-out/all.txt', 'utf8').toUpperCase());`, ['a-out/all.txt'], ['b-out']);

describe('build: only what is stale (npm start)', () => {
  let root: string;
  const run = () => build(root, [STEP_A, STEP_B], { ifStale: true, log: () => undefined });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'frame-processor-build-'));
    mkdirSync(join(root, 'in'));
    writeFileSync(join(root, 'in', 'x.txt'), 'one ');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds every step in a fresh clone, then nothing while nothing changed', () => {
    assert.deepEqual(run(), ['A', 'B']);
    assert.deepEqual(run(), []);
    assert.equal(readFileSync(join(root, 'b-out', 'upper.txt'), 'utf8'), 'ONE ');
    assert.equal(readFileSync(join(root, 'runs.log'), 'utf8'), 'A\nB\n');
  });

  it('rebuilds when a source changes, even with its old timestamp, and the steps that read the new output', () => {
    run();
    const source = join(root, 'in', 'x.txt');
    const { atime, mtime } = statSync(source);

    writeFileSync(source, 'two ');
    utimesSync(source, atime, mtime);

    assert.deepEqual(run(), ['A', 'B']);
    assert.equal(readFileSync(join(root, 'b-out', 'upper.txt'), 'utf8'), 'TWO ');
  });

  it('rebuilds when a source is added or deleted, and ignores files its folders hold of other kinds', () => {
    run();

    writeFileSync(join(root, 'in', 'notes.md'), 'not a source');
    assert.deepEqual(run(), []);
    writeFileSync(join(root, 'in', 'y.txt'), 'more');
    assert.deepEqual(run(), ['A', 'B']);
    unlinkSync(join(root, 'in', 'y.txt'));
    assert.deepEqual(run(), ['A', 'B']);
  });

  it('rebuilds a step whose output was deleted or edited, and only the steps whose inputs then differ', () => {
    run();

    unlinkSync(join(root, 'b-out', 'upper.txt'));
    assert.deepEqual(run(), ['B']);
    writeFileSync(join(root, 'a-out', 'all.txt'), 'edited by hand');
    assert.deepEqual(run(), ['A']); // A writes what B read last time: B stays up to date
    writeFileSync(join(root, 'a-out', 'stray.js'), 'left by another tool');
    assert.deepEqual(run(), ['A']);
    assert.equal(readFileSync(join(root, 'a-out', 'all.txt'), 'utf8'), 'one ');
  });

  it('stays stale after a step fails, even one that wrote part of its output, until it succeeds', () => {
    run();
    writeFileSync(join(root, 'in', 'broken.txt'), 'breaks A ');

    assert.throws(run, /build: A failed \(exit code 3\)/);
    assert.throws(run, /build: A failed \(exit code 3\)/);
    unlinkSync(join(root, 'in', 'broken.txt'));
    assert.equal(staleness(root, STEP_A), 'its output changed or is missing');
    assert.deepEqual(run(), ['A']);
    assert.equal(readFileSync(join(root, 'runs.log'), 'utf8'), 'A\nB\nA\nA\nA\n');
    assert.equal(readFileSync(join(root, 'a-out', 'all.txt'), 'utf8'), 'one ');
  });

  it('says why a step is stale', () => {
    assert.equal(staleness(root, STEP_A), 'never built here');
    run();
    writeFileSync(join(root, 'in', 'x.txt'), 'three ');
    assert.equal(staleness(root, STEP_A), 'its sources changed');
    assert.equal(staleness(root, STEP_B), undefined);
  });
});

describe('build: the project steps', () => {
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
  const [wasm, typescript] = STEPS;

  it('run the npm scripts that build, and `npm run build` and `npm start` go through them', () => {
    for (const { command } of STEPS) assert.ok(scripts[command[command.length - 1]], command.join(' '));
    assert.equal(scripts.build, 'node --require tsx/cjs scripts/build.ts');
    assert.equal(scripts.prestart, 'node --require tsx/cjs scripts/build.ts --if-stale');
    assert.deepEqual(
      STEPS.map((step) => step.name),
      ['WebAssembly', 'TypeScript'],
    );
  });

  it("read every folder tsc and asc compile, and TypeScript reads WebAssembly's embedded module", () => {
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    const asconfig = JSON.parse(readFileSync(join(ROOT, 'asconfig.json'), 'utf8')) as { entries: string[] };

    for (const pattern of tsconfig.include) assert.ok(typescript.inputs.includes(pattern.split('/')[0]), pattern);
    assert.ok(typescript.inputs.includes('tsconfig.json'));
    for (const entry of asconfig.entries) assert.ok(wasm.inputs.includes(entry.split('/')[0]), entry);
    assert.ok(wasm.inputs.includes('asconfig.json'));
    assert.ok(wasm.outputs.includes('src/wasm/generated') && typescript.inputs.includes('src'));
  });
});
