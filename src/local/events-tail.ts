// Prints each "Video Frames Processed" event appended to events.jsonl as one line for a person.
// The file is written by whichever thread publishes (the frame handler's workers, the tracking
// functions here), each event one append; this reads what was added since the last poll.
import { open } from 'node:fs/promises';

export class EventsTail {
  private offset = 0;
  private partial = '';
  private polling: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly path: string,
    private readonly print: (line: string) => void,
    intervalMs = 250,
  ) {
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  /** Reads and prints what was appended; polls run one after the other. */
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
      this.offset = size;
      const lines = (this.partial + bytes.toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) this.print(describeEvent(line));
    } finally {
      await file.close();
    }
  }
}

/** "event Video Frames Processed: cams/north complete_with_failures, 298 of 300 frames processed, 2 failed" */
export function describeEvent(line: string): string {
  try {
    const event = JSON.parse(line) as { 'detail-type': string; detail: Record<string, unknown> };
    const { videoId, status, processedFrames, totalFrames, failedFrameCount } = event.detail;
    return `event ${event['detail-type']}: ${String(videoId)} ${String(status)}, ${String(processedFrames)} of ${String(totalFrames)} frames processed, ${String(failedFrameCount)} failed (video.json in the output bucket)`;
  } catch {
    return `event (not JSON): ${line}`;
  }
}
