// One worker thread kept ready for frames: started when first needed and replaced when it dies.
// One that keeps dying at start-up makes the slot give up, with the reason: a worker that cannot
// start will not start.
import { FrameWorker } from './frame-worker';
import type { JobSettings } from './job';

/** Starts in a row that may fail before a slot gives up. */
const FAILED_STARTS_ALLOWED = 3;

export class WorkerSlot {
  private worker?: FrameWorker;
  private failedStarts = 0;

  constructor(private readonly settings: JobSettings) {}

  /** A live worker, ready for a frame; `{ gaveUp }` when none can start; undefined when `cancelled` aborts during a start. */
  async ready(cancelled: AbortSignal): Promise<FrameWorker | { gaveUp: string } | undefined> {
    while (!this.worker?.alive) {
      this.worker = new FrameWorker(this.settings);
      const died = await this.worker.ready();
      if (cancelled.aborted) return undefined;
      if (died === undefined) this.failedStarts = 0;
      else if (++this.failedStarts >= FAILED_STARTS_ALLOWED) return { gaveUp: died };
    }
    return this.worker;
  }

  /** Ends the thread, if there is one; resolves once it has exited. */
  async stop(): Promise<void> {
    await this.worker?.stop();
  }
}
