// A one-line progress bar, drawn only when the stream is a terminal. While frames are still being
// listed (from S3) the total is what was found so far, marked with a '+'.
import type { WriteStream } from 'node:tty';

const WIDTH = 30;

export class Progress {
  private finished = 0;
  private listing = false;
  private readonly tty: boolean;

  constructor(
    private total: number,
    private readonly stream: NodeJS.WriteStream | WriteStream,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  /** One more frame found, with more perhaps to come until listed(). */
  found(): void {
    this.total++;
    this.listing = true;
    this.draw();
  }

  /** Every frame has been found. */
  listed(): void {
    this.listing = false;
    this.draw();
  }

  tick(): void {
    this.finished++;
    this.draw();
  }

  /** Prints a line above the bar. */
  log(line: string): void {
    this.clear();
    this.stream.write(`${line}\n`);
    this.draw();
  }

  done(): void {
    this.clear();
  }

  private draw(): void {
    if (!this.tty || this.total === 0) return;
    const filled = Math.round((this.finished / this.total) * WIDTH);
    this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${this.finished}/${this.total}${this.listing ? '+' : ''} frames`);
  }

  private clear(): void {
    if (this.tty) this.stream.write('\r\x1b[2K');
  }
}
