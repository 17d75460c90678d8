// package.json's engines.node, the Node versions the project says it runs on. It must admit only
// versions that every installed package accepts (its engines in package-lock.json; packages for
// other platforms are not installed), so a dependency upgrade that drops a Node line fails here
// until engines follows. And it must admit the Node 22 the tests run as Lambda's nodejs22.x, and
// the Node running this test.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const ROOT = join(__dirname, '..');
const readJson = (name: string) => JSON.parse(readFileSync(join(ROOT, name), 'utf8'));

type LockEntry = { engines?: Record<string, string> | string[] };

describe('engines.node in package.json', () => {
  const range: string = readJson('package.json').engines.node;

  it(`admits no Node version that an installed package refuses (${range})`, () => {
    const packages = Object.entries(readJson('package-lock.json').packages as Record<string, LockEntry>);
    const refusing = packages.flatMap(([path, entry]) => {
      const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      const installed = path !== '' && existsSync(join(ROOT, path));
      return installed && wanted && !semver.subset(range, wanted) ? [`${path.replace(/^.*node_modules\//, '')} wants ${wanted}`] : [];
    });

    assert.deepEqual(refusing, []);
  });

  it("admits Lambda's Node 22 (the version scripts/setup-node22.sh installs) and the Node running the tests", () => {
    const pinned = /^NODE22_VERSION=(\S+)$/m.exec(readFileSync(join(ROOT, 'scripts', 'setup-node22.sh'), 'utf8'))?.[1];

    assert.ok(pinned && semver.satisfies(pinned, range), `Node ${pinned} is outside ${range}`);
    assert.ok(semver.satisfies(process.version, range), `${process.version} is outside ${range}`);
  });
});
