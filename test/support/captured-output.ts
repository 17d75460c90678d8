// What the handler's real observer writes (Powertools JSON logs, errors on stderr, EMF metric
// lines), taken from stdout and stderr in tests instead of printed.

export type Write = (chunk: string | Uint8Array) => boolean;

/** Runs `work` (sync or async) with every stdout and stderr write going to `write`. */
export function withOutputTo<T>(write: Write, work: () => T): T {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  const restore = () => streams.forEach((stream, i) => (stream.write = writes[i]));
  for (const stream of streams) stream.write = write as typeof stream.write;
  let result: T;
  try {
    result = work();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

/** Runs `run`, returning its value or error and the JSON lines it wrote. */
export async function capturingOutput<T>(run: () => Promise<T>): Promise<{ value?: T; error?: unknown; records: Array<Record<string, unknown>> }> {
  const lines: string[] = [];
  const records = () => jsonLines(lines.join(''));
  try {
    const value = await withOutputTo((chunk) => lines.push(String(chunk)) > 0, run);
    return { value, records: records() };
  } catch (error) {
    return { error, records: records() };
  }
}

export function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Runs `create` with Powertools metrics on whatever the environment says (Metrics reads it when constructed). */
export function metricsOn<T>(create: () => T): T {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  try {
    return create();
  } finally {
    if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
    else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
}
