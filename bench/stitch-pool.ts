// A pool of stitch worker threads behaving like Lambda instances: a task goes to an idle thread,
// else waits in a queue (first in, first out). Tasks invoked from a thread come back here and are
// queued the same way; events published by a thread are recorded, and awaited by the simulation.
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../src/core/worker-thread';
import type { StitchTask } from '../src/video/stitch/tasks';
import type { FromThread, TaskReport, ThreadSetup, ToThread } from './stitch-thread';

type EventMessage = Extract<FromThread, { type: 'event' }>;

export class ThreadPool {
  /** When the last plan task was queued (ms since the epoch). */
  planInvokedAt: number | undefined;
  private readonly idleThreads: Worker[] = [];
  private readonly threads: Worker[] = [];
  private readonly queue: StitchTask[] = [];
  private reports: TaskReport[] = [];
  private running = 0;
  private nextId = 0;
  private readonly waiters: { videoId: string; detailType: string; resolve: (event: EventMessage) => void }[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(setup: ThreadSetup, size: number) {
    for (let i = 0; i < size; i++) {
      const thread = startWorker(__dirname, 'stitch-thread', { workerData: setup });
      thread.on('message', (message: FromThread) => this.onMessage(thread, message));
      thread.on('error', (error) => {
        throw error;
      });
      this.threads.push(thread);
      this.idleThreads.push(thread);
    }
  }

  invoke(task: StitchTask): void {
    if (task.kind === 'plan') this.planInvokedAt = performance.timeOrigin + performance.now();
    this.queue.push(task);
    this.dispatch();
  }

  waitForEvent(videoId: string, detailType: string): Promise<EventMessage> {
    return new Promise((resolve) => this.waiters.push({ videoId, detailType, resolve }));
  }

  /** Resolves once no task is queued or running. */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  takeReports(): TaskReport[] {
    const taken = this.reports;
    this.reports = [];
    return taken;
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((thread) => new Promise<void>((resolve) => {
      thread.once('exit', () => resolve());
      thread.postMessage({ type: 'stop' } satisfies ToThread);
    })));
  }

  private dispatch(): void {
    while (this.idleThreads.length > 0 && this.queue.length > 0) {
      const thread = this.idleThreads.shift()!;
      this.running++;
      thread.postMessage({ type: 'run', id: this.nextId++, task: this.queue.shift()! } satisfies ToThread);
    }
  }

  private onMessage(thread: Worker, message: FromThread): void {
    if (message.type === 'invoke') this.invoke(message.task);
    else if (message.type === 'event') {
      for (const waiter of this.waiters.splice(0)) {
        if (waiter.videoId === message.detail.videoId && waiter.detailType === message.detailType) waiter.resolve(message);
        else this.waiters.push(waiter);
      }
    } else {
      this.reports.push(message);
      this.running--;
      this.idleThreads.push(thread);
      this.dispatch();
      if (this.running === 0 && this.queue.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
