// What a run did with each frame, for the lines that name every frame not written, the summary
// line and the exit code: 0 all written (or already up to date), 1 any not written, 130
// interrupted by Ctrl-C. Frames listed from S3 are counted as they are found.
import type { FrameJob } from './files';
import type { JobOutcome } from './job';

export class RunReport {
  private done = 0;
  private skipped = 0;
  private failed = 0;
  private stopped = 0;
  private notStarted = 0;
  private processed = 0;

  /** `say` prints one line on stderr. */
  constructor(
    private total: number,
    private readonly say: (line: string) => void,
  ) {}

  /** One more frame, found after the run started (listed from S3). */
  found(): void {
    this.total++;
  }

  settled(outcome: JobOutcome): void {
    if (outcome.ok && outcome.skipped) {
      this.skipped++;
      return;
    }
    this.processed++;
    if (outcome.ok) {
      this.done++;
      return;
    }
    if (outcome.stopped) this.stopped++;
    else this.failed++;
    this.say(outcome.message);
  }

  /** Frames never given to a worker: not started after Ctrl-C, otherwise failed for `reason`. */
  untaken(jobs: FrameJob[], interrupted: boolean, reason = 'the run ended before it started'): void {
    for (const job of jobs) {
      if (interrupted) this.notStarted++;
      else this.failed++;
      this.say(interrupted ? `${job.input}: not started (interrupted)` : `${job.input}: not processed: no worker thread could start (${reason})`);
    }
  }

  interruption(): string {
    const skipped = this.skipped > 0 ? `, ${this.skipped} skipped` : '';
    return `interrupted: ${this.done} done${skipped}, ${this.failed} failed, ${this.stopped} stopped in progress, ${this.notStarted} not started`;
  }

  /** frames/s counts the frames attempted (written or failed), not those skipped as up to date. */
  summary(seconds: number): string {
    const rate = seconds > 0 ? this.processed / seconds : 0;
    return `frames: ${this.total}, skipped: ${this.skipped}, failed: ${this.failed}, seconds: ${seconds.toFixed(2)}, frames/s: ${rate.toFixed(1)}`;
  }

  exitCode(interrupted: boolean): number {
    if (interrupted) return 130;
    return this.done + this.skipped === this.total ? 0 : 1;
  }
}
