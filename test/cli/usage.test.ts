// Usage errors found before any work: each says what is wrong in one line and exits 2.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONCURRENCY_RULE } from '../../src/cli/args';
import { BLUR_MODIFIER_RULES, describeRule, QUALITY_RULE } from '../../src/core/settings';
import { runCli, stderrLines, tempFolder, writeFrames } from '../support/cli';

describe('CLI usage errors', () => {
  let dir: string;
  let frame: string;

  beforeEach(() => {
    dir = tempFolder('fp-cli-usage-');
    [frame] = writeFrames(dir, ['in/a.jpg']);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Asserts exit 2, the usage, and a first stderr line matching `reason`. */
  function assertUsageError(run: ReturnType<typeof runCli>, reason: RegExp) {
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /\nusage: frame-processor/);
    assert.equal(run.stdout, '');
    const lines = stderrLines(run);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], reason);
  }

  for (const [flag, value, rule] of [
    ['--blur-modifier', '-1', BLUR_MODIFIER_RULES.fast],
    ['--blur-modifier', '-0.5', BLUR_MODIFIER_RULES.fast],
    ['--quality', '-5', QUALITY_RULE],
    ['-j', '-2', CONCURRENCY_RULE],
  ] as const) {
    it(`says a negative value is invalid for ${flag} ${value}`, () => {
      const run = runCli([frame, '--out', join(dir, 'out'), flag, value]);
      const said = `must be ${describeRule(rule)}, got "${value}" (a negative value is invalid)`;
      assertUsageError(run, /^frame-processor: --[a-z-]+ must be/);
      assert.ok(stderrLines(run)[0].endsWith(said), run.stderr);
    });
  }

  it('takes a blur modifier over the exact path\'s largest only in fast mode, and says which method takes it', () => {
    const out = join(dir, 'out');
    assertUsageError(runCli([frame, '--out', out, '--blur-method', 'exact', '--blur-modifier', '20']), /^frame-processor: --blur-modifier must be a finite number >= 0 and <= 12 with --blur-method exact, got "20" \(--blur-method fast takes it\)$/);
    assertUsageError(runCli([frame, '--out', out, '--blur-modifier', '47']), /^frame-processor: --blur-modifier must be a finite number >= 0 and <= 46, got "47"$/);
    assertUsageError(runCli([frame, '--out', out, '--blur-method', 'slow']), /^frame-processor: --blur-method must be exact or fast, got "slow"$/);
    assert.equal(runCli([frame, '--out', out, '--blur-modifier', '20']).code, 0);
  });

  it('refuses an --out that names an existing file, or a folder inside one, before any work', () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    assertUsageError(runCli([frame, '--out', file]), new RegExp(`^frame-processor: --out ${file} is a file, not a folder$`));
    assertUsageError(runCli([frame, '--out', join(file, 'sub')]), new RegExp(`^frame-processor: --out ${join(file, 'sub')} is inside ${file}, which is a file$`));
  });

  it('refuses an input folder that holds no JPEG, naming it', () => {
    const empty = join(dir, 'empty');
    mkdirSync(join(empty, 'deeper'), { recursive: true });
    writeFileSync(join(empty, 'deeper', 'notes.txt'), 'not a frame');
    const run = runCli([frame, empty, '--out', join(dir, 'out')]);
    assertUsageError(run, new RegExp(`^frame-processor: input folder ${empty} holds no \\.jpg/\\.jpeg file$`));
  });
});
