// Timing helpers: warm-up runs that are thrown away, then `runs` samples summarised by their median.
import { performance } from 'node:perf_hooks';

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Per-field medians of a list of records with the same numeric fields. */
export function medians<T extends object>(samples: T[]): T {
  const first = samples[0] as Record<string, number>;
  const result: Record<string, number> = {};
  for (const key of Object.keys(first)) result[key] = median(samples.map((s) => (s as Record<string, number>)[key]));
  return result as T;
}

/** Calls `sample` `warmup` times (discarded), then `runs` times, and returns the field medians. */
export async function sampleMedians<T extends object>(runs: number, warmup: number, sample: () => T | Promise<T>): Promise<T> {
  for (let i = 0; i < warmup; i++) await sample();
  const samples: T[] = [];
  for (let i = 0; i < runs; i++) samples.push(await sample());
  return medians(samples);
}

/** Wall-clock milliseconds of a synchronous call, and its result. */
export function timed<R>(run: () => R): { ms: number; result: R } {
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

/** Wall-clock milliseconds of an asynchronous call, and its result. */
export async function timedAsync<R>(run: () => Promise<R>): Promise<{ ms: number; result: R }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}
