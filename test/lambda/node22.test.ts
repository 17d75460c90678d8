// The handler's tests again, on the official Node.js 22 (Lambda's nodejs22.x) for x64: this
// folder's test files, run by mocha in a Node 22 child process. The bundle's tests run on Node 22
// in bundle-runtimes.test.ts, so they (and this file) are left out here.
// Needs scripts/setup-node22.sh (the test fails naming it otherwise).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/build-freshness';
import { node22 } from '../support/node22';

const run = promisify(execFile);
const MOCHA = join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const NOT_HERE = ['node22.test.ts', 'bundle-runtimes.test.ts', 'package.test.ts'];
const FILES = readdirSync(__dirname)
  .filter((name) => name.endsWith('.test.ts') && !NOT_HERE.includes(name))
  .sort()
  .map((name) => relative(REPO_ROOT, join(__dirname, name)));

describe('the handler tests on Node 22 x64', function () {
  this.timeout(300_000);

  it(`pass: ${FILES.map((file) => file.replace(/^test\/lambda\//, '')).join(', ')}`, async () => {
    const node = node22('x64');

    const { code, stdout, stderr } = await run(node.command, [...node.prefix, MOCHA, ...FILES], { cwd: REPO_ROOT, env: { ...process.env, ...node.env }, maxBuffer: 64 * 1024 * 1024 }).then(
      (done) => ({ code: 0, ...done }),
      (failed: { code: number; stdout: string; stderr: string }) => failed,
    );

    const totals = /^(\d+) passed, (\d+) failed$/m.exec(stdout);
    console.log(`      Node 22 x64: ${totals?.[0] ?? 'no totals'}`);
    const report = `mocha on Node 22 exited ${code}:\n${stdout.split('\n').slice(-80).join('\n')}\n${stderr}`;
    assert.equal(code, 0, report);
    assert.ok(totals && Number(totals[1]) > 0 && totals[2] === '0', report);
  });
});
