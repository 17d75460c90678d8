// Lambda's asynchronous invocation, on this machine: events are queued (never dropped) and run
// by a fixed number of worker threads, each like one Lambda container (one event at a time, its
// own WebAssembly kernel and S3 client). A failed invocation is retried like Lambda's
// maximumRetryAttempts, and after the last retry goes to the on-failure callback.
import type { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import type { S3Event } from 'aws-lambda';
import { startWorker } from '../core/worker-thread';
import type { InvokeRequest, InvokeResponse } from './worker';

export interface InvokerOptions {
  /** Worker threads, i.e. how many events run at once. */
  concurrency: number;
  /** The environment of the handler (its configuration). */
  env: Record<string, string | undefined>;
  /** Where the handler's stdout and stderr (its JSON log lines) go; this process's own when not given. */
  handlerOutput?: Writable;
  /** Retries after a failed invocation (Lambda's maximumRetryAttempts). */
  retries: number;
  /** Wait before retry n is n times this (Lambda waits minutes; locally seconds do). */
  retryDelayMs: number;
  /** The function timeout the handler sees through context.getRemainingTimeInMillis(). */
  timeoutMs: number;
  onResult(result: InvocationResult): void;
}

export interface InvocationResult {
  event: S3Event;
  attempt: number;
  ok: boolean;
  /** true when this failure is final (no retry left): the event goes to the on-failure output. */
  final: boolean;
  message?: string;
  /** Keys written to the output bucket. */
  outputKeys?: string[];
  ms: number;
}

interface Job {
  event: S3Event;
  attempt: number;
}

export class LocalInvoker {
  private readonly queue: Job[] = [];
  private readonly lanes: Lane[] = [];
  private waitingRetries = 0;
  private readonly running = new Set<Promise<void>>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  private constructor(private readonly options: InvokerOptions) {}

  /** Starts the workers; rejects (e.g. with the handler's ConfigError) if one cannot load the handler. */
  static async start(options: InvokerOptions): Promise<LocalInvoker> {
    const invoker = new LocalInvoker(options);
    try {
      for (let i = 0; i < options.concurrency; i++) invoker.lanes.push(await Lane.start(options));
    } catch (error) {
      await invoker.close();
      throw error;
    }
    return invoker;
  }

  enqueue(event: S3Event, attempt = 0): void {
    if (this.closed) return;
    this.queue.push({ event, attempt });
    this.dispatch();
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking events, lets running invocations finish, stops the workers; returns how many events were left unprocessed. */
  async close(): Promise<number> {
    this.closed = true;
    const left = this.queue.length + this.waitingRetries;
    this.queue.length = 0;
    await Promise.all(this.running);
    await Promise.all(this.lanes.map((lane) => lane.stop()));
    return left;
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.waitingRetries === 0 && this.lanes.every((lane) => !lane.busy);
  }

  private dispatch(): void {
    for (const lane of this.lanes) {
      if (lane.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      const running = this.run(lane, job).finally(() => this.running.delete(running));
      this.running.add(running);
    }
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private async run(lane: Lane, job: Job): Promise<void> {
    const started = Date.now();
    const response = await lane.invoke(job.event, this.options);
    const final = !response.ok && job.attempt >= this.options.retries;
    const result: InvocationResult = { event: job.event, attempt: job.attempt, ok: response.ok, final, ms: Date.now() - started };
    if (response.ok) result.outputKeys = response.outputKeys;
    else result.message = response.message;
    if (!response.ok && !final && !this.closed) this.retryLater(job);
    this.options.onResult(result);
    this.dispatch();
  }

  private retryLater(job: Job): void {
    this.waitingRetries++;
    setTimeout(() => {
      this.waitingRetries--;
      this.enqueue(job.event, job.attempt + 1);
    }, this.options.retryDelayMs * (job.attempt + 1)).unref();
  }
}

/** One worker thread; a dead one is replaced at the next invocation (a new Lambda container). */
class Lane {
  busy = false;
  private nextId = 1;

  private constructor(private worker: Worker | undefined) {}

  static async start(options: WorkerSetup): Promise<Lane> {
    return new Lane(await startHandlerWorker(options));
  }

  async invoke(event: S3Event, options: WorkerSetup & Pick<InvokerOptions, 'timeoutMs'>): Promise<InvokeResponse> {
    this.busy = true;
    const id = this.nextId++;
    try {
      this.worker ??= await startHandlerWorker(options);
      return await this.ask(this.worker, { id, event, timeoutMs: options.timeoutMs });
    } catch (error) {
      return { id, ok: false, message: `could not start a worker: ${(error as Error).message}` };
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ask(worker: Worker, request: InvokeRequest): Promise<InvokeResponse> {
    return new Promise((resolve) => {
      const settle = (response: InvokeResponse) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(response);
      };
      const died = (message: string) => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        settle({ id: request.id, ok: false, message });
      };
      const onMessage = (response: InvokeResponse) => response.id === request.id && settle(response);
      const onError = (error: Error) => died(`the worker crashed: ${error.message}`);
      const onExit = (code: number) => died(`the worker exited with code ${code}`);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage(request);
    });
  }
}

type WorkerSetup = Pick<InvokerOptions, 'env' | 'handlerOutput'>;

/** A worker with the handler loaded; rejects with the handler's own error if it fails to load. */
function startHandlerWorker({ env, handlerOutput }: WorkerSetup): Promise<Worker> {
  const ownOutput = handlerOutput !== undefined;
  const worker = startWorker(__dirname, 'worker', { env: env as NodeJS.ProcessEnv, stdout: ownOutput, stderr: ownOutput });
  if (handlerOutput) {
    // Several workers write into one stream: none of them may end it.
    worker.stdout.pipe(handlerOutput, { end: false });
    worker.stderr.pipe(handlerOutput, { end: false });
  }
  return new Promise((resolve, reject) => {
    worker.once('message', (message: unknown) => (message === 'ready' ? resolve(worker) : reject(new Error(`unexpected worker message ${JSON.stringify(message)}`))));
    worker.once('error', reject);
  });
}
