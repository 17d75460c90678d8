// A pool of stitch worker threads (stitch-thread.ts) behaving like Lambda instances under
// asynchronous invocation: a RetryingPool (retrying-pool.ts: a task goes to an idle thread, else
// waits in a queue; a failed task is retried later, `retries` times, then reported as final).
// Tasks a thread invokes come back here and are queued the same way; events a thread publishes
// can be awaited (the benchmark). A thread that dies is replaced (a new instance) and its task
// counts as failed. Used by the local stack and bench/stitch.ts alike.
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/worker-thread';
import { RetryingPool, type Lane } from './retrying-pool';
import type { StitchTask } from '../video/stitch/tasks';
import type { FromThread, StitchThreadSetup, TaskReport, ToThread } from './stitch-thread';

type EventMessage = Extract<FromThread, { type: 'event' }>;

export interface StitchPoolOptions {
  /** Threads, i.e. tasks running at once. */
  size: number;
  /** Retries of a failed task (default 0), the first after `retryDelayMs` (doubled for the second). */
  retries?: number;
  retryDelayMs?: number;
  /** Where the threads' stdout and stderr go (their log lines); this process's own when absent. */
  output?: Writable;
  /** Every finished attempt; `final` when it failed and no retry is left. */
  onReport?(report: TaskReport, final: boolean): void;
}

export class StitchPool {
  /** When the last plan task was queued (ms since the epoch). */
  planInvokedAt: number | undefined;
  private readonly pool: RetryingPool<StitchTask, TaskReport>;
  private readonly waiters: { videoId: string; detailType: string; resolve: (event: EventMessage) => void }[] = [];

  constructor(setup: StitchThreadSetup, options: StitchPoolOptions) {
    const lanes = Array.from({ length: options.size }, () => new StitchLane(setup, options.output, this));
    this.pool = new RetryingPool<StitchTask, TaskReport>(lanes, {
      retries: options.retries ?? 0,
      retryDelayMs: options.retryDelayMs ?? 1000,
      failed: (report) => report.error !== undefined,
      onResult: (_task, _attempt, report, final) => options.onReport?.(report, final),
    });
  }

  invoke(task: StitchTask, attempt = 0): void {
    if (task.kind === 'plan') this.planInvokedAt = performance.timeOrigin + performance.now();
    this.pool.add(task, attempt);
  }

  waitForEvent(videoId: string, detailType: string): Promise<EventMessage> {
    return new Promise((resolve) => this.waiters.push({ videoId, detailType, resolve }));
  }

  /** Resolves once no task is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    return this.pool.idle();
  }

  /** Drops the queue, lets running tasks finish, stops the threads. Returns the tasks left undone. */
  stop(): Promise<number> {
    return this.pool.close();
  }

  /** An event a thread published, to whoever waits for it. */
  announce(message: EventMessage): void {
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.videoId === message.detail.videoId && waiter.detailType === message.detailType) waiter.resolve(message);
      else this.waiters.push(waiter);
    }
  }
}

/** One stitch thread; one that dies is replaced (a new instance), and its task, if any, failed. */
class StitchLane implements Lane<StitchTask, TaskReport> {
  private thread: Worker;
  private nextId = 0;
  private stopped = false;
  private pending: { id: number; task: StitchTask; resolve: (report: TaskReport) => void } | undefined;

  constructor(
    private readonly setup: StitchThreadSetup,
    private readonly output: Writable | undefined,
    private readonly pool: StitchPool,
  ) {
    this.thread = this.startThread();
  }

  run(task: StitchTask): Promise<TaskReport> {
    return new Promise((resolve) => {
      this.pending = { id: this.nextId++, task, resolve };
      this.thread.postMessage({ type: 'run', id: this.pending.id, task } satisfies ToThread);
    });
  }

  stop(): Promise<void> {
    this.stopped = true;
    const thread = this.thread;
    return new Promise<void>((resolve) => {
      thread.removeAllListeners('exit').once('exit', () => resolve());
      thread.postMessage({ type: 'stop' } satisfies ToThread);
    });
  }

  private startThread(): Worker {
    const thread = startWorker(__dirname, 'stitch-thread', { workerData: this.setup, stdout: this.output !== undefined, stderr: this.output !== undefined });
    if (this.output) {
      // Several threads write into one stream: none of them may end it.
      thread.stdout.pipe(this.output, { end: false });
      thread.stderr.pipe(this.output, { end: false });
    }
    thread.on('message', (message: FromThread) => this.onMessage(message));
    thread.on('error', (error) => this.died(thread, `the stitch thread crashed: ${error.message}`));
    thread.on('exit', (code) => this.died(thread, `the stitch thread exited with code ${code}`));
    return thread;
  }

  private onMessage(message: FromThread): void {
    if (message.type === 'invoke') this.pool.invoke(message.task);
    else if (message.type === 'event') this.pool.announce(message);
    else this.settle(message);
  }

  private settle(report: TaskReport): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve(report);
  }

  private died(thread: Worker, reason: string): void {
    if (thread !== this.thread) return; // already replaced
    thread.removeAllListeners();
    void thread.terminate();
    if (!this.stopped) this.thread = this.startThread();
    const pending = this.pending;
    if (pending) {
      const at = performance.timeOrigin + performance.now();
      this.settle({ id: pending.id, task: pending.task, thread: thread.threadId, startedAt: at, endedAt: at, s3: {}, dynamo: { reads: 0, writes: 0 }, error: reason });
    }
  }
}
