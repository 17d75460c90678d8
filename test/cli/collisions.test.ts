// Inputs whose outputs would land on one file, or one file given twice, are refused before any work,
// naming the inputs; the output names come from edgeMapName, whatever its rule.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { edgeMapName } from '../../src/core/frame-names';
import type { OutputFormat } from '../../src/core/pipeline';
import { runCli, stderrLines, tempFolder, writeFrames } from '../support/cli';

describe('CLI inputs that collide', () => {
  let dir: string;
  let out: string;

  beforeEach(() => {
    dir = tempFolder('fp-cli-collide-');
    out = join(dir, 'out');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Asserts exit 2, nothing written, and a stderr that names every one of `inputs`. */
  function assertRefusedNaming(run: ReturnType<typeof runCli>, inputs: string[]) {
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.ok(!existsSync(out), 'no output folder');
    const text = stderrLines(run).join('\n');
    for (const input of inputs) assert.ok(text.includes(input), `${input} named in:\n${text}`);
  }

  it('refuses two files given by name that map to one output, naming both', () => {
    const [a, b] = writeFrames(dir, ['a/x.jpg', 'b/x.jpg']);
    const run = runCli([a, b, '--out', out]);
    assertRefusedNaming(run, [a, b]);
    assert.match(stderrLines(run).join('\n'), new RegExp(`${a} and ${b} would both write ${join(out, 'x.jpg')}`));
  });

  it('refuses a frame given twice, by the same path or by two paths, naming both', () => {
    const [frame] = writeFrames(dir, ['in/shot/a.jpg']);
    symlinkSync(join(dir, 'in'), join(dir, 'link'));
    const twice: string[][] = [
      [frame, frame],
      [frame, `${dir}/in/shot/./a.jpg`],
      [frame, join(dir, 'link', 'shot', 'a.jpg')],
      [frame, join(dir, 'in', 'shot')],
      [join(dir, 'in'), join(dir, 'in', 'shot')],
    ];
    for (const inputs of twice) {
      const run = runCli([...inputs, '--out', out]);
      assertRefusedNaming(run, inputs);
    }
  });

  for (const format of ['jpeg', 'png'] as OutputFormat[]) {
    it(`with --format ${format}, refuses a.jpg and a.JPG when their output names are one, writes both otherwise`, () => {
      const [lower, upper] = writeFrames(join(dir, 'in'), ['a.jpg', 'a.JPG']);
      const names = [edgeMapName('a.jpg', format), edgeMapName('a.JPG', format)];
      const run = runCli([join(dir, 'in'), '--out', out, '--format', format]);
      if (names[0] === names[1]) {
        assertRefusedNaming(run, [lower, upper]);
      } else {
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(readdirSync(out).sort(), names.sort());
      }
    });
  }
});
