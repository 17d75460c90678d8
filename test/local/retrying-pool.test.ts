// The pool under both the frame invoker and the stitch pool, with lanes that run in this process:
// FIFO on idle lanes, never more at once than lanes, retries after attempt x delay then a final
// failure, idle() after the last retry, and close() counting what it dropped.
import assert from 'node:assert/strict';
import { RetryingPool, type Lane } from '../../src/local/retrying-pool';

interface Outcome {
  item: string;
  ok: boolean;
}

/** A lane that fails the items named in `failing`, each run taking `ms`; it records what ran at once. */
function lanes(count: number, failing: Set<string>, ms: number, log: { running: number; most: number; order: string[] }): Array<Lane<string, Outcome>> {
  return Array.from({ length: count }, () => ({
    async run(item: string) {
      log.running++;
      log.most = Math.max(log.most, log.running);
      log.order.push(item);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.running--;
      return { item, ok: !failing.has(item) };
    },
    stop: async () => undefined,
  }));
}

describe('local: the retrying pool', () => {
  it('runs in order on its lanes, two at a time, and retries a failure twice before it is final', async () => {
    const log = { running: 0, most: 0, order: [] as string[] };
    const results: Array<[string, number, boolean, boolean]> = [];
    const retriedAt: number[] = [];
    const started = Date.now();
    const pool = new RetryingPool(lanes(2, new Set(['b']), 5, log), {
      retries: 2,
      retryDelayMs: 30,
      failed: (outcome) => !outcome.ok,
      onResult: (item, attempt, outcome, final) => {
        results.push([item, attempt, outcome.ok, final]);
        if (item === 'b') retriedAt.push(Date.now() - started);
      },
    });
    for (const item of ['a', 'b', 'c', 'd']) pool.add(item);
    await pool.idle();

    assert.deepEqual(log.order, ['a', 'b', 'c', 'd', 'b', 'b']);
    assert.equal(log.most, 2);
    assert.deepEqual(results.filter(([item]) => item === 'b'), [['b', 0, false, false], ['b', 1, false, false], ['b', 2, false, true]]);
    assert.equal(results.filter(([, , ok]) => ok).length, 3);
    assert.ok(retriedAt[2] - retriedAt[0] >= 30 + 60, `retries at ${retriedAt.join(', ')} ms`);
    assert.equal(await pool.close(), 0);
  });

  it('close() drops the queue and a pending retry, lets the running item finish, and counts what it dropped', async () => {
    const log = { running: 0, most: 0, order: [] as string[] };
    const finished: string[] = [];
    const pool = new RetryingPool(lanes(1, new Set(['x']), 20, log), {
      retries: 1,
      retryDelayMs: 10_000,
      failed: (outcome) => !outcome.ok,
      onResult: (item) => finished.push(item),
    });
    pool.add('x');
    await new Promise((resolve) => setTimeout(resolve, 40)); // x failed; its retry waits
    for (const item of ['p', 'q', 'r']) pool.add(item);

    assert.equal(await pool.close(), 3); // q, r queued and x's retry; p was running
    assert.deepEqual(finished, ['x', 'p']);
    pool.add('late');
    assert.deepEqual(log.order, ['x', 'p']);
  });
});
