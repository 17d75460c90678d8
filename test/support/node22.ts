// The Node.js builds the tests run code on besides the one running mocha: the official Node.js 22
// (Lambda's nodejs22.x) for x64, and for arm64 under qemu-user with Debian's arm64 C libraries as
// its root. scripts/setup-node22.sh installs them under .cache/node22/; when they are missing, a
// test that needs them fails, naming that command (it is never skipped).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './build-freshness';

export const SETUP_COMMAND = 'scripts/setup-node22.sh';
const CACHE = join(REPO_ROOT, '.cache', 'node22');

/** A way to run `node <args>`: the command, the arguments before the script's, extra environment. */
export interface NodeRuntime {
  name: string;
  command: string;
  prefix: string[];
  env: Record<string, string>;
}

export class RuntimeMissingError extends Error {
  override name = 'RuntimeMissingError';
}

/** The Node.js running this test process. */
export const HOST_NODE: NodeRuntime = { name: `this Node ${process.version} ${process.arch}`, command: process.execPath, prefix: [], env: {} };

/** The official Node.js 22 for `arch`; throws a RuntimeMissingError naming the setup command if it is not installed. */
export function node22(arch: 'x64' | 'arm64'): NodeRuntime {
  const binary = join(CACHE, arch, 'node_modules', `node-linux-${arch}`, 'bin', 'node');
  require22(existsSync(binary), `${binary} is missing`);
  if (arch === 'x64') return { name: 'Node 22 x64', command: binary, prefix: [], env: {} };
  const root = join(CACHE, 'root');
  require22(existsSync(join(root, '.complete')), `Debian's arm64 C libraries are not unpacked in ${root}`);
  require22(spawnSync('qemu-aarch64-static', ['--version']).status === 0, 'qemu-aarch64-static is not installed (apt-get install -y qemu-user-static)');
  return { name: 'Node 22 arm64 (qemu)', command: 'qemu-aarch64-static', prefix: [binary], env: { QEMU_LD_PREFIX: root } };
}

function require22(ok: boolean, problem: string): void {
  if (!ok) throw new RuntimeMissingError(`Node.js 22 for x64 and arm64 is not set up: ${problem}. Run ${SETUP_COMMAND} (idempotent; as root it installs qemu-user-static too)`);
}
