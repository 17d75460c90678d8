// An in-process Invoker that behaves like Lambda's asynchronous invocation, for the stitch tests:
// invoke() only queues; tasks run later, several at a time, picked in random order; a task may be
// delivered twice (`duplicateRate`); a failed attempt is retried twice more, then dropped (as
// Lambda discards an event after its retries), unless `lose` says the crashed delivery is lost at
// once. Only injected crashes are expected: any other error is kept in `unexpected` for the test.
import type { Invoker } from '../../src/video/stitch/invoker';
import type { StitchTask } from '../../src/video/stitch/tasks';

export interface LambdaLikeOptions {
  /** Random source for order and duplicates; without it, tasks run in order, never duplicated. */
  random?: () => number;
  duplicateRate?: number;
  /** Tasks running at once. */
  concurrency?: number;
  /** Retries after a failed attempt (Lambda: 2). */
  retries?: number;
  /** True if the failed delivery of `task` is lost for good (no retry): a crash Lambda never redelivers. */
  lose?: (task: StitchTask, error: unknown) => boolean;
  /** Errors that count as an injected crash (retried as Lambda would, not unexpected). */
  isCrash: (error: unknown) => boolean;
}

interface Delivery {
  task: StitchTask;
  attempt: number;
}

export class LambdaLikeInvoker implements Invoker {
  readonly delivered: StitchTask[] = [];
  readonly dropped: StitchTask[] = [];
  readonly unexpected: unknown[] = [];
  duplicates = 0;
  retried = 0;
  private readonly queue: Delivery[] = [];
  private running = 0;
  private idle: (() => void)[] = [];
  private runner: ((task: StitchTask) => Promise<unknown>) | undefined;

  constructor(private readonly options: LambdaLikeOptions) {}

  /** What runs a task (set once the service that needs this invoker exists). */
  bind(runner: (task: StitchTask) => Promise<unknown>): void {
    this.runner = runner;
  }

  async invoke(task: StitchTask): Promise<void> {
    this.enqueue({ task, attempt: 1 });
    if (this.options.random && this.options.random() < (this.options.duplicateRate ?? 0)) {
      this.duplicates++;
      this.enqueue({ task, attempt: 1 });
    }
  }

  /** Resolves once nothing is queued or running. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private enqueue(delivery: Delivery): void {
    const at = this.options.random ? Math.floor(this.options.random() * (this.queue.length + 1)) : this.queue.length;
    this.queue.splice(at, 0, delivery);
    setImmediate(() => this.pump());
  }

  private pump(): void {
    while (this.running < (this.options.concurrency ?? 4) && this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      this.running++;
      void this.attempt(delivery).finally(() => {
        this.running--;
        this.pump();
        if (this.queue.length === 0 && this.running === 0) for (const resolve of this.idle.splice(0)) resolve();
      });
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    if (!this.runner) throw new Error('LambdaLikeInvoker: bind() a runner first');
    this.delivered.push(delivery.task);
    try {
      await this.runner(delivery.task);
    } catch (error) {
      if (!this.options.isCrash(error)) this.unexpected.push(error);
      if (this.options.lose?.(delivery.task, error) || delivery.attempt > (this.options.retries ?? 2)) {
        this.dropped.push(delivery.task);
        return;
      }
      this.retried++;
      this.enqueue({ task: delivery.task, attempt: delivery.attempt + 1 });
    }
  }
}
