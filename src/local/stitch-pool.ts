// A pool of stitch worker threads (stitch-thread.ts) behaving like Lambda instances under
// asynchronous invocation: a task goes to an idle thread, else waits in a queue (first in, first
// out); a failed task is retried later, `retries` times (Lambda's maximumRetryAttempts), then
// reported as final. Tasks a thread invokes come back here and are queued the same way; events
// a thread publishes can be awaited (the benchmark). A thread that dies is replaced (a new
// instance) and its task counts as failed. Used by the local stack and bench/stitch.ts alike.
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/worker-thread';
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

interface Job {
  id: number;
  task: StitchTask;
  attempt: number;
}

export class StitchPool {
  /** When the last plan task was queued (ms since the epoch). */
  planInvokedAt: number | undefined;
  private readonly idleThreads: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private waitingRetries = 0;
  private nextId = 0;
  private stopped = false;
  private readonly waiters: { videoId: string; detailType: string; resolve: (event: EventMessage) => void }[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly setup: StitchThreadSetup,
    private readonly options: StitchPoolOptions,
  ) {
    for (let i = 0; i < options.size; i++) this.idleThreads.push(this.startThread());
  }

  invoke(task: StitchTask, attempt = 0): void {
    if (this.stopped) return;
    if (task.kind === 'plan') this.planInvokedAt = performance.timeOrigin + performance.now();
    this.queue.push({ id: this.nextId++, task, attempt });
    this.dispatch();
  }

  waitForEvent(videoId: string, detailType: string): Promise<EventMessage> {
    return new Promise((resolve) => this.waiters.push({ videoId, detailType, resolve }));
  }

  /** Resolves once no task is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops the queue, lets running tasks finish, stops the threads. Returns the tasks left undone. */
  async stop(): Promise<number> {
    this.stopped = true;
    const left = this.queue.length + this.waitingRetries;
    this.queue.length = 0;
    this.waitingRetries = 0;
    while (this.busy.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await Promise.all(this.idleThreads.splice(0).map((thread) => new Promise<void>((resolve) => {
      thread.removeAllListeners('exit').once('exit', () => resolve());
      thread.postMessage({ type: 'stop' } satisfies ToThread);
    })));
    return left;
  }

  private startThread(): Worker {
    const output = this.options.output;
    const thread = startWorker(__dirname, 'stitch-thread', { workerData: this.setup, stdout: output !== undefined, stderr: output !== undefined });
    if (output) {
      // Several threads write into one stream: none of them may end it.
      thread.stdout.pipe(output, { end: false });
      thread.stderr.pipe(output, { end: false });
    }
    thread.on('message', (message: FromThread) => this.onMessage(thread, message));
    thread.on('error', (error) => this.died(thread, `the stitch thread crashed: ${error.message}`));
    thread.on('exit', (code) => this.died(thread, `the stitch thread exited with code ${code}`));
    return thread;
  }

  private isIdle(): boolean {
    return this.busy.size === 0 && this.queue.length === 0 && this.waitingRetries === 0;
  }

  private dispatch(): void {
    while (this.idleThreads.length > 0 && this.queue.length > 0) {
      const thread = this.idleThreads.shift()!;
      const job = this.queue.shift()!;
      this.busy.set(thread, job);
      thread.postMessage({ type: 'run', id: job.id, task: job.task } satisfies ToThread);
    }
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private onMessage(thread: Worker, message: FromThread): void {
    if (message.type === 'invoke') this.invoke(message.task);
    else if (message.type === 'event') this.announce(message);
    else this.finished(thread, message);
  }

  private announce(message: EventMessage): void {
    for (const waiter of this.waiters.splice(0)) {
      if (waiter.videoId === message.detail.videoId && waiter.detailType === message.detailType) waiter.resolve(message);
      else this.waiters.push(waiter);
    }
  }

  private finished(thread: Worker, report: TaskReport): void {
    const job = this.busy.get(thread)!;
    this.busy.delete(thread);
    this.idleThreads.push(thread);
    this.settle(job, report);
  }

  /** A thread that died mid-task: its task failed; a new thread takes its place. */
  private died(thread: Worker, reason: string): void {
    const job = this.busy.get(thread);
    const index = this.idleThreads.indexOf(thread);
    if (job === undefined && index < 0) return; // already stopped or already replaced
    thread.removeAllListeners();
    void thread.terminate();
    this.busy.delete(thread);
    if (index >= 0) this.idleThreads.splice(index, 1);
    if (!this.stopped) this.idleThreads.push(this.startThread());
    if (job) {
      const at = performance.timeOrigin + performance.now();
      this.settle(job, { id: job.id, task: job.task, thread: thread.threadId, startedAt: at, endedAt: at, s3: {}, dynamo: { reads: 0, writes: 0 }, error: reason });
    }
  }

  private settle(job: Job, report: TaskReport): void {
    const retries = this.options.retries ?? 0;
    const final = report.error !== undefined && job.attempt >= retries;
    if (report.error !== undefined && !final && !this.stopped) this.retryLater(job);
    this.options.onReport?.(report, final);
    this.dispatch();
  }

  private retryLater(job: Job): void {
    this.waitingRetries++;
    setTimeout(() => {
      if (this.stopped) return;
      this.waitingRetries--;
      this.invoke(job.task, job.attempt + 1);
    }, (this.options.retryDelayMs ?? 1000) * (job.attempt + 1)).unref();
  }
}

