// Worker threads that die (made to, by a module preloaded into every thread): each frame still ends
// processed or named on stderr with the reason, and the exit code is 0 only when every frame was written.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, stderrLines, tempFolder, writeFrames, writePreload } from '../support/cli';

const NAMES = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg', 'f.jpg'];
const IN_WORKERS = "const { isMainThread, parentPort } = require('node:worker_threads');\nif (!isMainThread) {\n";

describe('CLI worker threads that die', () => {
  let dir: string;
  let input: string;
  let out: string;

  beforeEach(() => {
    dir = tempFolder('fp-cli-workers-');
    input = join(dir, 'in');
    out = join(dir, 'out');
    writeFrames(input, NAMES);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names every frame with the reason and exits 1 when no worker thread can start', () => {
    const preload = writePreload(dir, 'broken', `${IN_WORKERS}throw new Error('broken at start-up');\n}`);
    const run = runCli([input, '--out', out, '--concurrency', '2'], { preload });
    assert.equal(run.code, 1, run.stderr);
    const lines = stderrLines(run).sort();
    assert.equal(lines.length, NAMES.length, run.stderr);
    lines.forEach((line, i) => assert.match(line, new RegExp(`^frame-processor: ${join(input, NAMES[i])}: not processed: .*broken at start-up`)));
    assert.match(run.stdout, /^frames: 6, skipped: 0, failed: 6,/);
    assert.ok(!existsSync(out) || readdirSync(out, { recursive: true }).length === 0);
  });

  it('replaces a worker that dies at start-up and processes every frame', () => {
    const marker = join(dir, 'first-worker-started');
    const firstDies = `let first = true;\ntry { require('node:fs').writeFileSync(${JSON.stringify(marker)}, '', { flag: 'wx' }); } catch { first = false; }\nif (first) throw new Error('the first worker dies');\n}`;
    const preload = writePreload(dir, 'first-dies', IN_WORKERS + firstDies);
    const run = runCli([input, '--out', out, '--concurrency', '2'], { preload });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^frames: 6, skipped: 0, failed: 0,/);
    assert.deepEqual(readdirSync(out).sort(), NAMES);
  });

  it('fails the frame a worker dies on, naming it, and goes on with a new worker', () => {
    const diesOnC = "parentPort.on('message', (message) => { if (JSON.stringify(message).includes('c.jpg')) process.exit(3); });\n}";
    const preload = writePreload(dir, 'dies-on-c', IN_WORKERS + diesOnC);
    const run = runCli([input, '--out', out, '--concurrency', '2'], { preload });
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(stderrLines(run), [`frame-processor: ${join(input, 'c.jpg')}: the worker thread processing it died (it exited with code 3)`]);
    assert.match(run.stdout, /^frames: 6, skipped: 0, failed: 1,/);
    assert.deepEqual(readdirSync(out).sort(), NAMES.filter((name) => name !== 'c.jpg'));
  });
});
