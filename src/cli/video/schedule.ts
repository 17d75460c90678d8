// The streaming heart of `frame-processor video`: frames become edge maps in index order, a few
// parts ahead of the encoding threads and no further, and each part goes to an encoding thread as
// soon as all its frames are settled. A frame without an edge map (missing, or failed) shows the
// previous frame's, or before the first frame that has one, that frame's: the stitch's fills.
// Memory is bounded by the window (PARTS_AHEAD parts of edge maps, plus those being encoded),
// never by the video's length: a finished part's samples are in its spool file.
import { EdgeMapError } from '../../video/errors';
import type { SegmentIndexJson } from '../../video/segment-format';
import { edgeMapSize } from '../../video/stitch/edge-maps';
import type { EncoderPool, PartOutcome } from './encoder-pool';
import type { PartRange } from './parts';

/** A frame's edge map (JPEG or PNG bytes, as the stitch reads them), or why it has none. */
export type FrameOutcome = { kind: 'edge-map'; bytes: Uint8Array } | { kind: 'missing' } | { kind: 'failed'; message: string };

/** The frames cannot make a video: the reason names the frame or file and what is wrong. */
export class VideoRefusal extends Error {
  override name = 'VideoRefusal';
}

/** Ctrl-C: the run stops, no video is written. */
export class Interrupted extends Error {
  override name = 'Interrupted';
}

export interface ScheduleInput {
  total: number;
  /** The file of each frame (undefined: none). */
  names: readonly (string | undefined)[];
  parts: readonly PartRange[];
  /** Makes frame `index`'s edge map; throws VideoRefusal when the video cannot be made. */
  edgeMapOf(index: number): Promise<FrameOutcome>;
  /** A name as messages show it. */
  label(name: string): string;
  /** Starts the encoding threads, once the video's size is known (the first edge map's). */
  startEncoders(width: number, height: number): EncoderPool;
  partDataPath(part: number): string;
  framesInFlight: number;
  onFailed(message: string): void;
  signal: AbortSignal;
}

export interface EncodedParts {
  /** Every part's segment index, in order. */
  indexes: SegmentIndexJson[];
  /** 1 for each frame that shows another frame's edge map. */
  lacking: Uint8Array;
  width: number;
  height: number;
}

/** Edge maps of the parts ahead of the encoding threads. */
const PARTS_AHEAD = 2;

interface Shown {
  name: string;
  bytes: Uint8Array;
}

export function encodeParts(input: ScheduleInput): Promise<EncodedParts> {
  return new Promise((resolve, reject) => new PartScheduler(input, resolve, reject).pump());
}

class PartScheduler {
  private readonly settled = new Map<number, FrameOutcome>();
  private readonly indexes: SegmentIndexJson[] = [];
  private readonly lacking: Uint8Array;
  private readonly window: number;
  private nextFrame = 0;
  private framesInFlight = 0;
  private settledCount = 0;
  /** Frames before this one all lack an edge map (while `first` is not known). */
  private scan = 0;
  private first?: Shown & { width: number; height: number };
  /** The edge map shown by the frame before part `nextPart`. */
  private carry?: Shown;
  private nextPart = 0;
  private partsDone = 0;
  private encoders?: EncoderPool;
  private ended = false;
  private readonly onAbort = () => this.pump();

  constructor(
    private readonly input: ScheduleInput,
    private readonly resolve: (parts: EncodedParts) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.lacking = new Uint8Array(input.total);
    this.window = PARTS_AHEAD * input.parts.reduce((longest, part) => Math.max(longest, part.end - part.first), 0);
    input.signal.addEventListener('abort', this.onAbort);
  }

  pump(): void {
    if (this.ended) return;
    if (this.input.signal.aborted) return this.end(new Interrupted('interrupted'));
    const { parts, total } = this.input;
    while (this.encoders?.hasIdle && this.nextPart < parts.length && this.isReady(parts[this.nextPart])) this.dispatch(parts[this.nextPart++]);
    while (this.framesInFlight < this.input.framesInFlight && this.nextFrame < this.frameLimit()) this.start(this.nextFrame++);
    if (this.partsDone === parts.length) this.end();
    else if (this.first === undefined && this.settledCount === total) this.end(new VideoRefusal(`none of its ${total} frames has an edge map: every frame failed or is missing`));
  }

  /** Frames are made up to a window past the first part not yet encoding (past the first unsettled frame while none has an edge map). */
  private frameLimit(): number {
    const base = this.first === undefined ? this.scan : (this.input.parts[this.nextPart]?.first ?? this.input.total);
    return Math.min(this.input.total, base + this.window);
  }

  private start(index: number): void {
    this.framesInFlight++;
    this.input
      .edgeMapOf(index)
      .then((outcome) => this.settle(index, outcome))
      .catch((error: unknown) => this.end(error));
  }

  private settle(index: number, outcome: FrameOutcome): void {
    this.framesInFlight--;
    this.settledCount++;
    if (this.ended) return;
    this.settled.set(index, outcome);
    if (outcome.kind !== 'edge-map') this.lacking[index] = 1;
    if (outcome.kind === 'failed') this.input.onFailed(outcome.message);
    this.findFirst();
    this.pump();
  }

  /** Moves `scan` over the frames that lack an edge map; the first that has one sizes the video and starts the encoders. */
  private findFirst(): void {
    while (this.first === undefined && this.scan < this.input.total) {
      const outcome = this.settled.get(this.scan);
      if (outcome === undefined) return;
      if (outcome.kind !== 'edge-map') {
        this.scan++;
        continue;
      }
      const name = this.input.names[this.scan]!;
      let size: { width: number; height: number };
      try {
        size = edgeMapSize(outcome.bytes, this.input.label(name));
      } catch (error) {
        if (error instanceof EdgeMapError) return this.end(new VideoRefusal(`frame ${this.scan}'s edge map ${error.message}`));
        throw error;
      }
      this.first = { name, bytes: outcome.bytes, ...size };
      this.encoders = this.input.startEncoders(size.width, size.height);
    }
  }

  private isReady(part: PartRange): boolean {
    if (this.first === undefined) return false;
    for (let index = part.first; index < part.end; index++) if (!this.settled.has(index)) return false;
    return true;
  }

  /** Sends the part with its fills applied: each frame names the edge map it shows. */
  private dispatch(part: PartRange): void {
    const names: string[] = [];
    const maps: Record<string, Uint8Array> = {};
    const labels: Record<string, string> = {};
    let shown = this.carry;
    for (let index = part.first; index < part.end; index++) {
      const outcome = this.settled.get(index)!;
      this.settled.delete(index);
      if (outcome.kind === 'edge-map') shown = { name: this.input.names[index]!, bytes: outcome.bytes };
      const frame = shown ?? this.first!;
      names.push(frame.name);
      maps[frame.name] = frame.bytes;
      labels[frame.name] = this.input.label(frame.name);
    }
    this.carry = shown;
    const request = { part: part.part, first: part.first, names, maps, labels, dataPath: this.input.partDataPath(part.part) };
    this.encoders!.encode(request)
      .then((outcome) => this.partDone(part, outcome))
      .catch((error: unknown) => this.end(error));
  }

  private partDone(part: PartRange, outcome: PartOutcome): void {
    if (this.ended) return;
    if (!outcome.ok) return this.end(new VideoRefusal(outcome.reason));
    this.indexes[part.part] = outcome.index;
    this.partsDone++;
    this.pump();
  }

  private end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.input.signal.removeEventListener('abort', this.onAbort);
    const closed = this.encoders?.close() ?? Promise.resolve();
    const { width = 0, height = 0 } = this.first ?? {};
    void closed.then(() => (error === undefined ? this.resolve({ indexes: this.indexes, lacking: this.lacking, width, height }) : this.reject(error)));
  }
}
