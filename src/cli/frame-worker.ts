// One worker thread of the CLI's pool, watched: it says when it is ready for frames, and its death
// (an uncaught error or an exit) settles whatever it was doing, which would otherwise wait forever.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../core/worker-thread';
import type { FrameJob } from './files';
import type { ComputeOutcome, JobOutcome, JobSettings } from './job';

/**
 * What the main thread posts: a file job, and the temporary name its output is written to first;
 * or the bytes of a frame (named `source`) whose edge map the main thread stores itself.
 */
export type WorkerRequest = { kind: 'file'; job: FrameJob; temporary: string } | { kind: 'bytes'; source: string; bytes: Uint8Array };

type OutcomeOf<R extends WorkerRequest> = R extends { kind: 'file' } ? JobOutcome : ComputeOutcome;

/** What the worker posts: once `ready` when it listens, then one `outcome` per request. */
export type WorkerReply = { kind: 'ready' } | { kind: 'outcome'; outcome: JobOutcome | ComputeOutcome };

type WorkerEvent = WorkerReply | { kind: 'died'; reason: string };

/** A request's outcome, or why the worker died before it had one. */
export type RunResult<R extends WorkerRequest> = OutcomeOf<R> | { died: string };

export class FrameWorker {
  private readonly worker: Worker;
  private error?: Error;
  private death?: string;
  private waiting?: (event: WorkerEvent) => void;

  constructor(settings: JobSettings) {
    this.worker = startWorker(__dirname, 'worker', { workerData: settings });
    this.worker.on('message', (reply: WorkerReply) => this.settle(reply));
    this.worker.on('error', (error) => (this.error = error));
    this.worker.on('exit', (code) => {
      this.death = this.error?.message ?? `it exited with code ${code}`;
      this.settle({ kind: 'died', reason: this.death });
    });
  }

  get alive(): boolean {
    return this.death === undefined;
  }

  /** Undefined once the worker is ready for frames, or why it died before. */
  async ready(): Promise<string | undefined> {
    const event = await this.next();
    return event.kind === 'died' ? event.reason : undefined;
  }

  async run<R extends WorkerRequest>(request: R): Promise<RunResult<R>> {
    const event = this.next();
    if (this.alive) this.worker.postMessage(request);
    const settled = await event;
    if (settled.kind === 'outcome') return settled.outcome as OutcomeOf<R>;
    return { died: settled.kind === 'died' ? settled.reason : 'it answered out of turn' };
  }

  /** Ends the thread; resolves once it has exited, so it touches no file after. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private next(): Promise<WorkerEvent> {
    if (this.death !== undefined) return Promise.resolve({ kind: 'died', reason: this.death });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private settle(event: WorkerEvent): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(event);
  }
}
