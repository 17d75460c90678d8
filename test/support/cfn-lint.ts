// cfn-lint (the CloudFormation Linter, Python) as the deploy tests run it: the version this
// repository is checked with, from PATH or from pyenv's versions (the machine image's Python),
// never skipped: a machine without it fails the test that needs it, saying what to install.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './serverless';

/** The cfn-lint the templates are held to (.cfnlintrc, .ci/run). */
export const CFN_LINT_VERSION = /^cfn-lint 1\.51\./;

/** The cfn-lint command: on PATH, or in a pyenv Python's bin folder. */
export function cfnLintCommand(): string {
  const onPath = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (!onPath.error) return 'cfn-lint';
  const pyenv = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  const found = existsSync(pyenv) ? readdirSync(pyenv).map((version) => join(pyenv, version, 'bin', 'cfn-lint')).find((path) => existsSync(path)) : undefined;
  if (!found) throw new Error('cfn-lint is not installed (not on PATH, not in ~/.pyenv/versions/*/bin): this test needs cfn-lint 1.51 (.ci/run says how CI gets it)');
  return found;
}

export interface LintRun {
  version: string;
  /** Every finding cfn-lint printed (nothing when the template is clean). */
  output: string;
  code: number;
}

/** Lints `templates` with the repository's .cfnlintrc. */
export function cfnLint(templates: string[]): LintRun {
  const command = cfnLintCommand();
  const version = spawnSync(command, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (templates.length === 0) return { version, output: '', code: 0 };
  const run = spawnSync(command, ['--', ...templates], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return { version, output: `${run.stdout}${run.stderr}`.trim(), code: run.status ?? 1 };
}
