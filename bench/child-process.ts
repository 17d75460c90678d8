// Runs one of the bench's child scripts (child-*.ts, compiled next to this file) in a fresh
// node process and parses the JSON line it prints.
import { spawnSync } from 'node:child_process';
import { extname, join } from 'node:path';

export function runChild<T>(name: string, args: string[]): T {
  const script = join(__dirname, `${name}${extname(__filename)}`);
  // execArgv carries a TypeScript loader along when the bench itself runs under tsx.
  const child = spawnSync(process.execPath, [...process.execArgv, script, ...args], { encoding: 'utf8' });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`${name} exited with ${child.status}: ${child.stderr.trim()}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as T;
}
