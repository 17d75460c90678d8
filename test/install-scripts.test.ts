// Every installed package with an install script has a decision in package.json's allowScripts
// (npm install-scripts approve / deny), so `npm ci` prints no "install-scripts" warning, and a
// dependency upgrade that brings a new install script fails here until someone decides on it.
// The decisions: classic-level (dynalite's LevelDB: a prebuilt binary, or a compile) and esbuild
// (checks its platform binary) run theirs; es5-ext's only prints a message and @parcel/watcher's
// builds only when asked to build from source (its binaries come as optional packages): denied.
// see: https://docs.npmjs.com/cli/v11/commands/npm-install-scripts
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const readJson = (name: string) => JSON.parse(readFileSync(join(ROOT, name), 'utf8'));

describe('install scripts of dependencies', () => {
  it('each has an entry in allowScripts', () => {
    const allowed = (readJson('package.json').allowScripts ?? {}) as Record<string, boolean>;
    const packages = Object.entries(readJson('package-lock.json').packages as Record<string, { hasInstallScript?: boolean; version?: string }>);
    const withScripts = packages.filter(([, entry]) => entry.hasInstallScript).map(([path, entry]) => ({ name: path.replace(/^.*node_modules\//, ''), version: entry.version }));
    const undecided = withScripts.filter(({ name, version }) => allowed[name] === undefined && allowed[`${name}@${version}`] === undefined);

    assert.ok(withScripts.length > 0);
    assert.deepEqual(undecided, []);
  });
});
