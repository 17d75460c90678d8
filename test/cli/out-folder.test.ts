// --out never destroys the inputs: an output folder or file that is an input, however it is
// spelled, is refused before any work; an --out inside an input folder is left out of the walk.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runCli, snapshot, stderrLines, tempFolder, writeFrames } from '../support/cli';

describe('CLI --out and the inputs', () => {
  let dir: string;
  let input: string;
  let before: Map<string, string>;

  beforeEach(() => {
    dir = tempFolder('fp-cli-out-');
    input = join(dir, 'in');
    writeFrames(input, ['a.jpg', 'shot/b.jpg']);
    symlinkSync(input, join(dir, 'link-to-in'));
    before = snapshot(input);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Asserts exit 2 with one refusal line matching `reason`, no frame processed and the inputs as they were. */
  function assertRefused(run: ReturnType<typeof runCli>, reason: RegExp) {
    assert.equal(run.code, 2, run.stderr);
    const lines = stderrLines(run);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], reason);
    assert.equal(run.stdout, '');
    assert.deepEqual(snapshot(input), before);
  }

  const spellings: Array<[string, () => string, (() => { cwd: string })?]> = [
    ['the input folder itself', () => input],
    ['the input folder with a trailing slash', () => `${input}/`],
    ['the input folder through . and ..', () => `${input}/shot/../.`],
    ['a symlink to the input folder', () => join(dir, 'link-to-in')],
    ['the input folder as a relative path from a folder inside it', () => relative(join(input, 'shot'), input), () => ({ cwd: join(input, 'shot') })],
  ];
  for (const [what, out, options] of spellings) {
    it(`refuses --out that is ${what}, exit 2, before any work`, () => {
      const run = runCli([input, '--out', out(), '--concurrency', '1'], options?.());
      assertRefused(run, /--out .* is the input folder .*in: its frames would be overwritten/);
    });
  }

  it('refuses --out that would write an output over an input file given by name', () => {
    const frame = join(input, 'a.jpg');
    for (const out of [input, join(dir, 'link-to-in'), `${input}/shot/..`]) {
      const run = runCli([frame, '--out', out]);
      assertRefused(run, new RegExp(`the output of ${frame} would overwrite the input ${frame}`));
    }
  });

  it('refuses --out that would write an output over an input file of another input', () => {
    const shot = join(input, 'shot');
    const run = runCli([shot, join(input, 'a.jpg'), '--out', shot]);
    assertRefused(run, new RegExp(`--out .* is the input folder ${shot}`));
    const other = runCli([join(input, 'a.jpg'), join(shot, 'b.jpg'), '--out', join(dir, 'link-to-in', 'shot', '..', 'shot')]);
    assertRefused(other, new RegExp(`the output of ${join(shot, 'b.jpg')} would overwrite the input ${join(shot, 'b.jpg')}`));
  });

  it('leaves an --out inside an input folder out of the input walk, so a re-run takes no output as input', () => {
    const out = join(input, 'edges');
    for (const attempt of [1, 2]) {
      const run = runCli([input, '--out', out, '--concurrency', '1']);
      assert.equal(run.code, 0, `run ${attempt}: ${run.stderr}`);
      assert.match(run.stdout, /^frames: 2, skipped: 0, failed: 0,/, `run ${attempt}`);
    }
    assert.deepEqual(readdirSync(out).sort(), ['a.jpg', 'shot']);
    assert.ok(!existsSync(join(out, 'edges')));
  });
});
