// Follows events.jsonl, where every event the stack would put on EventBridge is appended (by
// whichever thread publishes: the frame handler's workers, the tracking functions, the stitch
// threads), each event one append; this reads what was added since the last poll and hands each
// line on. A line is "fresh" when it was appended after this tail started: lines from an earlier
// run of the stack were acted on then (and whatever they left pending is in the outbox, which
// the sweepers re-drive), so only fresh ones trigger anything.
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';

export class EventsTail {
  private offset = 0;
  private partial = Buffer.alloc(0);
  private readonly freshFrom: number;
  private polling: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly path: string,
    private readonly onLine: (line: string, fresh: boolean) => void,
    intervalMs = 250,
  ) {
    this.freshFrom = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  /** Reads and hands on what was appended; polls run one after the other. */
  poll(): Promise<void> {
    this.polling = this.polling.then(() => this.readNew()).catch(() => undefined);
    return this.polling;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async readNew(): Promise<void> {
    const file = await open(this.path, 'r').catch(() => undefined);
    if (!file) return;
    try {
      const { size } = await file.stat();
      if (size <= this.offset) return;
      const bytes = Buffer.alloc(size - this.offset);
      await file.read(bytes, 0, bytes.length, this.offset);
      const base = this.offset - this.partial.length; // where `text` starts in the file
      this.offset = size;
      const text = Buffer.concat([this.partial, bytes]);
      let from = 0;
      for (let end = text.indexOf(10); end >= 0; end = text.indexOf(10, from)) {
        const line = text.subarray(from, end).toString('utf8');
        if (line !== '') this.onLine(line, base + from >= this.freshFrom);
        from = end + 1;
      }
      this.partial = Buffer.from(text.subarray(from));
    } finally {
      await file.close();
    }
  }
}
