// Ctrl-C during a run: the first stops new frames from starting and lets those in progress finish;
// with worker threads, the second stops those in progress too. Each is acknowledged through `say`.

export interface Stops {
  /** Aborted at the first Ctrl-C: take no more frames. */
  starting: AbortSignal;
  /** Aborted at the second (worker threads only): stop the frames in progress. */
  now: AbortSignal;
}

export class Interrupts {
  private readonly starting = new AbortController();
  private readonly now = new AbortController();
  readonly stops: Stops = { starting: this.starting.signal, now: this.now.signal };
  private readonly onSignal = () => this.interrupt();

  /** `threaded`: frames run in worker threads, which can be stopped mid-frame. */
  constructor(
    private readonly say: (line: string) => void,
    private readonly threaded: boolean,
  ) {
    process.on('SIGINT', this.onSignal);
  }

  get interrupted(): boolean {
    return this.starting.signal.aborted;
  }

  dispose(): void {
    process.off('SIGINT', this.onSignal);
  }

  private interrupt(): void {
    if (!this.starting.signal.aborted) {
      this.starting.abort();
      this.say(`interrupted: finishing the frames in progress, starting no more${this.threaded ? ' (Ctrl-C again to stop them)' : ''}`);
    } else if (this.threaded && !this.now.signal.aborted) {
      this.now.abort();
      this.say('interrupted again: stopping the frames in progress');
    }
  }
}
