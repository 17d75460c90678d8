// Reads constants out of the AssemblyScript sources, so tests can check that the TypeScript side
// mirrors them exactly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every `export const NAME: i32 = <integer>;` of assembly/<path>, by name. */
export function assemblyI32Constants(path: string): Record<string, number> {
  const source = readFileSync(join(__dirname, '..', '..', 'assembly', path), 'utf8');
  return Object.fromEntries([...source.matchAll(/export const (\w+): i32 = (-?\d+);/g)].map(([, name, value]) => [name, Number(value)]));
}
