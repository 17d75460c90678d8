// Where a run with S3 computes its edge maps: a fixed number of worker threads, each frame's bytes
// going to the next idle one while the main thread fetches and stores other frames; with one lane,
// this thread. A worker that dies is replaced (the frame it had fails, naming it); when none can
// start, every frame after fails as not processed; after a second Ctrl-C, as stopped.
import { computeFrame, type ComputeOutcome, type JobSettings } from './job';
import type { Stops } from './interrupts';
import { WorkerSlot } from './worker-slot';

export interface Compute {
  /** The edge map of `bytes`, the frame called `source` (its path or s3:// URL). */
  compute(bytes: Uint8Array, source: string): Promise<ComputeOutcome>;
  close(): Promise<void>;
}

/** `lanes` frames computed at once: in worker threads when more than one. */
export function computeLanes(settings: JobSettings, lanes: number, stops: Stops): Compute {
  if (lanes > 1) return new ComputePool(settings, lanes, stops);
  return { compute: async (bytes, source) => computeFrame(bytes, settings, source), close: async () => undefined };
}

class ComputePool implements Compute {
  private readonly slots: WorkerSlot[];
  private readonly idle: WorkerSlot[];
  private readonly waiting: Array<(slot: WorkerSlot) => void> = [];
  private gaveUp?: string;
  private readonly stopAll = () => void this.close();

  constructor(
    settings: JobSettings,
    lanes: number,
    private readonly stops: Stops,
  ) {
    this.slots = Array.from({ length: lanes }, () => new WorkerSlot(settings));
    this.idle = [...this.slots];
    stops.now.addEventListener('abort', this.stopAll);
  }

  async compute(bytes: Uint8Array, source: string): Promise<ComputeOutcome> {
    const slot = await this.acquire();
    try {
      return await this.computeOn(slot, bytes, source);
    } finally {
      this.release(slot);
    }
  }

  private async computeOn(slot: WorkerSlot, bytes: Uint8Array, source: string): Promise<ComputeOutcome> {
    const stopped = { ok: false, stopped: true, message: `${source}: stopped while in progress (interrupted)` } as const;
    if (this.stops.now.aborted) return stopped;
    if (this.gaveUp === undefined) {
      const worker = await slot.ready(this.stops.now);
      if (worker === undefined) return stopped;
      if ('gaveUp' in worker) this.gaveUp = worker.gaveUp;
      else {
        const result = await worker.run({ kind: 'bytes', source, bytes });
        if (!('died' in result)) return result;
        if (this.stops.now.aborted) return stopped;
        return { ok: false, message: `${source}: the worker thread processing it died (${result.died})` };
      }
    }
    return { ok: false, message: `${source}: not processed: no worker thread could start (${this.gaveUp})` };
  }

  async close(): Promise<void> {
    this.stops.now.removeEventListener('abort', this.stopAll);
    await Promise.all(this.slots.map((slot) => slot.stop()));
  }

  private acquire(): Promise<WorkerSlot> {
    const slot = this.idle.pop();
    return slot ? Promise.resolve(slot) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: WorkerSlot): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.idle.push(slot);
  }
}
