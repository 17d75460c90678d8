// Ctrl-C, as a real SIGINT to a real CLI process: no new frame starts, the run says what was done,
// what failed and what was not started, exits 130, and leaves no partial file behind. A preloaded
// module slows (or stalls) the rename that puts each output in place, so the frames in progress
// when the signal arrives are known.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliProcess, stderrLines, tempFolder, waitFor, writeFrames, writePreload } from '../support/cli';

const FRAMES = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg', 'f.jpg', 'g.jpg', 'h.jpg'];
const renameAfter = (wait: string) =>
  `const fsp = require('node:fs/promises');\nconst rename = fsp.rename;\nfsp.rename = (...args) => ${wait}.then(() => rename(...args));\n`;

describe('CLI interrupted by Ctrl-C', () => {
  let dir: string;
  let input: string;
  let out: string;

  beforeEach(() => {
    dir = tempFolder('fp-cli-sigint-');
    input = join(dir, 'in');
    out = join(dir, 'out');
    writeFrames(input, FRAMES);
    writeFileSync(join(input, '0-broken.jpg'), 'not a frame');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const outFiles = () => (existsSync(out) ? readdirSync(out).sort() : []);
  const partials = () => outFiles().filter((name) => name.endsWith('.partial'));

  /** Starts the CLI and resolves once `inProgress` frames have their bytes written, not yet renamed. */
  async function startAndWaitForFrames(preload: string, inProgress: number): Promise<CliProcess> {
    const cli = new CliProcess([input, '--out', out, '--concurrency', String(inProgress)], { preload: writePreload(dir, 'rename', preload) });
    await waitFor(`${inProgress} frames in progress`, () => partials().length === inProgress);
    return cli;
  }

  for (const lanes of [1, 2]) {
    it(`with --concurrency ${lanes}, finishes the frames in progress, starts no other, reports each, exits 130`, async () => {
      const cli = await startAndWaitForFrames(renameAfter('new Promise((resolve) => setTimeout(resolve, 600))'), lanes);
      cli.child.kill('SIGINT');
      const run = await cli.ended;
      assert.equal(run.code, 130, run.stderr);
      const done = FRAMES.slice(0, lanes);
      const notStarted = FRAMES.slice(lanes);
      assert.deepEqual(outFiles(), done);
      const lines = stderrLines(run);
      assert.match(lines[0], /0-broken\.jpg: not a JPEG/);
      assert.match(lines[1], /^frame-processor: interrupted: finishing the frames in progress, starting no more/);
      assert.deepEqual(lines.slice(2, -1), notStarted.map((name) => `frame-processor: ${join(input, name)}: not started (interrupted)`));
      assert.equal(lines.at(-1), `frame-processor: interrupted: ${lanes} done, 1 failed, 0 stopped in progress, ${notStarted.length} not started`);
      assert.match(run.stdout, /^frames: 9, skipped: 0, failed: 1, seconds: [\d.]+, frames\/s: [\d.]+\n$/);
    });
  }

  it('with worker threads, a second Ctrl-C stops the frames in progress and removes their partial files', async () => {
    const cli = await startAndWaitForFrames(renameAfter('new Promise(() => {})'), 2);
    cli.child.kill('SIGINT');
    await waitFor('the first Ctrl-C to be acknowledged', () => cli.stderr.includes('interrupted: finishing'));
    cli.child.kill('SIGINT');
    const run = await cli.ended;
    assert.equal(run.code, 130, run.stderr);
    assert.deepEqual(outFiles(), []);
    const lines = stderrLines(run);
    const stopped = FRAMES.slice(0, 2).map((name) => `frame-processor: ${join(input, name)}: stopped while in progress (interrupted)`);
    assert.deepEqual(lines.filter((line) => line.includes('stopped while')).sort(), stopped);
    assert.equal(lines.filter((line) => line.endsWith(': not started (interrupted)')).length, FRAMES.length - 2);
    assert.equal(lines.at(-1), `frame-processor: interrupted: 0 done, 1 failed, 2 stopped in progress, ${FRAMES.length - 2} not started`);
  });
});
