// Worker threads on a module next to the caller, started the same way whether the code runs
// compiled from dist/ or from the TypeScript sources under tsx (tests, bench, scripts).
import { extname, join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** This file's own extension says which: every module is compiled (or not) alike. */
const FROM_SOURCES = extname(__filename) === '.ts';

/**
 * A worker running the module `name` (no extension) in `dir`, usually the caller's __dirname.
 * From the sources it needs tsx's CommonJS hook, which a worker does not inherit, and none of the
 * parent's own flags (tsx's ESM loader flag does not carry over to a worker on Node 20); from
 * dist/ it inherits the parent's flags, as any worker does.
 */
export function startWorker(dir: string, name: string, options: Omit<WorkerOptions, 'execArgv'> = {}): Worker {
  const script = join(dir, `${name}${FROM_SOURCES ? '.ts' : '.js'}`);
  return new Worker(script, { ...options, execArgv: FROM_SOURCES ? ['--require', require.resolve('tsx/cjs')] : undefined });
}
