// The encoding threads of `frame-processor video` (encode-thread.ts), one part each at a time. A
// thread that dies fails its part, and with it the video: no part is ever left out of the join.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../core/worker-thread';
import type { SegmentIndexJson } from '../../video/segment-format';

/** What every thread is started with. */
export interface EncodeSetup {
  /** The edge maps' size, which every frame must have. */
  width: number;
  height: number;
  qp: number;
  frameRate: number;
  /** The --dump-yuv file being written (its temporary name), which each thread writes its pictures into. */
  dumpPath?: string;
}

/** One part: frames first..first + names.length - 1, each shown by the edge map `names[i]` (fills repeat a name). */
export interface PartRequest {
  part: number;
  first: number;
  names: string[];
  /** The bytes of each name in `names`. */
  maps: Record<string, Uint8Array>;
  /** Each name as errors show it (its path or s3:// URL). */
  labels: Record<string, string>;
  /** Where the part's samples are written. */
  dataPath: string;
}

/** The part's segment index (its data is at dataPath), or why the frames cannot make the video. */
export type PartOutcome = { ok: true; index: SegmentIndexJson } | { ok: false; reason: string };

/** From a thread: ready once, then `frame` for every picture encoded and `part` at the end of each part. */
export type EncodeReply = { kind: 'ready' } | { kind: 'frame' } | { kind: 'part'; outcome: PartOutcome };

export class EncoderPool {
  private readonly idle: EncodeLane[] = [];
  private readonly lanes: EncodeLane[];

  /** `onFrame` is called for every picture encoded, by any thread. */
  constructor(setup: EncodeSetup, size: number, onFrame: () => void) {
    this.lanes = Array.from({ length: size }, () => new EncodeLane(setup, onFrame));
    this.idle.push(...this.lanes);
  }

  get hasIdle(): boolean {
    return this.idle.length > 0;
  }

  /** Encodes on an idle thread (check hasIdle first). */
  async encode(request: PartRequest): Promise<PartOutcome> {
    const lane = this.idle.pop();
    if (!lane) throw new Error('internal: no idle encoding thread');
    try {
      return await lane.encode(request);
    } finally {
      this.idle.push(lane);
    }
  }

  /** Ends every thread; resolves once they have exited. */
  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.stop()));
  }
}

class EncodeLane {
  private readonly worker: Worker;
  private readonly ready: Promise<string | undefined>;
  private death?: string;
  private settle?: (outcome: PartOutcome) => void;
  private signalReady?: (death?: string) => void;

  constructor(setup: EncodeSetup, onFrame: () => void) {
    this.ready = new Promise((resolve) => (this.signalReady = resolve));
    this.worker = startWorker(__dirname, 'encode-thread', { workerData: setup });
    this.worker.on('message', (reply: EncodeReply) => {
      if (reply.kind === 'ready') this.signalReady?.();
      else if (reply.kind === 'frame') onFrame();
      else this.finish(reply.outcome);
    });
    let error: Error | undefined;
    this.worker.on('error', (thrown) => (error = thrown));
    this.worker.on('exit', (code) => {
      this.death = `the encoding thread died (${error?.message ?? `it exited with code ${code}`})`;
      this.signalReady?.(this.death);
      this.finish({ ok: false, reason: this.death });
    });
  }

  async encode(request: PartRequest): Promise<PartOutcome> {
    const died = await this.ready;
    if (died !== undefined || this.death !== undefined) return { ok: false, reason: died ?? this.death! };
    const outcome = new Promise<PartOutcome>((resolve) => (this.settle = resolve));
    this.worker.postMessage(request);
    return outcome;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private finish(outcome: PartOutcome): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(outcome);
  }
}
