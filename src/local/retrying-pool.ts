// Lambda's asynchronous invocation on this machine, for any kind of work: items run on a fixed
// set of lanes (worker threads, each like one Lambda instance: one item at a time); an item goes
// to an idle lane, else waits in a queue (first in, first out); a failed attempt is retried after
// `retryDelayMs` times its attempt number, `retries` times (Lambda's maximumRetryAttempts), and is
// then reported as final. The frame invoker and the stitch pool are each one of these.

/** Where an item runs; `run` never rejects: a failure is a result that `failed` recognises. */
export interface Lane<T, R> {
  run(item: T): Promise<R>;
  stop(): Promise<void>;
}

export interface RetryingPoolOptions<T, R> {
  /** Retries after a failed attempt. */
  retries: number;
  /** Wait before retry n is n times this. */
  retryDelayMs: number;
  failed(result: R): boolean;
  /** Every finished attempt; `final` when it failed and no retry is left (or the pool is closing). */
  onResult(item: T, attempt: number, result: R, final: boolean): void;
}

interface Job<T> {
  item: T;
  attempt: number;
}

export class RetryingPool<T, R> {
  private readonly idleLanes: Array<Lane<T, R>>;
  private readonly queue: Array<Job<T>> = [];
  private readonly running = new Set<Promise<void>>();
  private waitingRetries = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly lanes: Array<Lane<T, R>>,
    private readonly options: RetryingPoolOptions<T, R>,
  ) {
    this.idleLanes = [...lanes];
  }

  add(item: T, attempt = 0): void {
    if (this.closed) return;
    this.queue.push({ item, attempt });
    this.dispatch();
  }

  /** Resolves once nothing is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops the queue and the pending retries, lets running items finish, stops the lanes; returns the items left undone. */
  async close(): Promise<number> {
    this.closed = true;
    const left = this.queue.length + this.waitingRetries;
    this.queue.length = 0;
    this.waitingRetries = 0;
    while (this.running.size > 0) await Promise.all(this.running);
    await Promise.all(this.lanes.map((lane) => lane.stop()));
    return left;
  }

  private isIdle(): boolean {
    return this.running.size === 0 && this.queue.length === 0 && this.waitingRetries === 0;
  }

  private dispatch(): void {
    while (this.idleLanes.length > 0 && this.queue.length > 0) {
      const lane = this.idleLanes.shift()!;
      const running = this.run(lane, this.queue.shift()!).finally(() => {
        this.running.delete(running);
        this.dispatch();
      });
      this.running.add(running);
    }
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private async run(lane: Lane<T, R>, job: Job<T>): Promise<void> {
    const result = await lane.run(job.item);
    this.idleLanes.push(lane);
    const failed = this.options.failed(result);
    const final = failed && job.attempt >= this.options.retries;
    if (failed && !final && !this.closed) this.retryLater(job);
    this.options.onResult(job.item, job.attempt, result, final);
  }

  private retryLater(job: Job<T>): void {
    this.waitingRetries++;
    setTimeout(() => {
      if (this.closed) return;
      this.waitingRetries--;
      this.add(job.item, job.attempt + 1);
    }, this.options.retryDelayMs * (job.attempt + 1)).unref();
  }
}
