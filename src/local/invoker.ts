// The frame handler under Lambda's asynchronous invocation, on this machine: a RetryingPool
// (retrying-pool.ts: queued, never dropped; retried like maximumRetryAttempts; after the last retry
// to the on-failure callback) over worker threads, each like one Lambda container (one event at a
// time, its own WebAssembly kernel and S3 client).
import type { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import type { S3Event } from 'aws-lambda';
import { startWorker } from '../core/worker-thread';
import { RetryingPool, type Lane as PoolLane } from './retrying-pool';
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

/** The frame handler's pool: a RetryingPool of S3 events over worker-thread lanes. */
export class LocalInvoker {
  private constructor(private readonly pool: RetryingPool<S3Event, TimedResponse>) {}

  /** Starts the workers; rejects (e.g. with the handler's ConfigError) if one cannot load the handler. */
  static async start(options: InvokerOptions): Promise<LocalInvoker> {
    const lanes: Lane[] = [];
    try {
      for (let i = 0; i < options.concurrency; i++) lanes.push(await Lane.start(options));
    } catch (error) {
      await Promise.all(lanes.map((lane) => lane.stop()));
      throw error;
    }
    const pool = new RetryingPool<S3Event, TimedResponse>(lanes, {
      retries: options.retries,
      retryDelayMs: options.retryDelayMs,
      failed: (response) => !response.ok,
      onResult: (event, attempt, response, final) => {
        const result: InvocationResult = { event, attempt, ok: response.ok, final, ms: response.ms };
        if (response.ok) result.outputKeys = response.outputKeys;
        else result.message = response.message;
        options.onResult(result);
      },
    });
    return new LocalInvoker(pool);
  }

  enqueue(event: S3Event, attempt = 0): void {
    this.pool.add(event, attempt);
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    return this.pool.idle();
  }

  /** Stops taking events, lets running invocations finish, stops the workers; returns how many events were left unprocessed. */
  close(): Promise<number> {
    return this.pool.close();
  }
}

type TimedResponse = InvokeResponse & { ms: number };

/** One worker thread; a dead one is replaced at the next invocation (a new Lambda container). */
class Lane implements PoolLane<S3Event, TimedResponse> {
  private nextId = 1;

  private constructor(
    private worker: Worker | undefined,
    private readonly options: InvokerOptions,
  ) {}

  static async start(options: InvokerOptions): Promise<Lane> {
    return new Lane(await startHandlerWorker(options), options);
  }

  async run(event: S3Event): Promise<TimedResponse> {
    const started = Date.now();
    const id = this.nextId++;
    try {
      this.worker ??= await startHandlerWorker(this.options);
      return { ...(await this.ask(this.worker, { id, event, timeoutMs: this.options.timeoutMs })), ms: Date.now() - started };
    } catch (error) {
      return { id, ok: false, message: `could not start a worker: ${(error as Error).message}`, ms: Date.now() - started };
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
