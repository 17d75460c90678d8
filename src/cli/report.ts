// What a run did with each frame, for the lines that name every frame not written, the summary
// line and the exit code: 0 all written, 1 any not written, 130 interrupted by Ctrl-C.
import type { FrameJob } from './files';
import type { JobOutcome } from './job';

export class RunReport {
  private done = 0;
  private failed = 0;
  private stopped = 0;
  private notStarted = 0;
  private processed = 0;

  /** `say` prints one line on stderr. */
  constructor(
    private readonly total: number,
    private readonly say: (line: string) => void,
  ) {}

  settled(outcome: JobOutcome): void {
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
    return `interrupted: ${this.done} done, ${this.failed} failed, ${this.stopped} stopped in progress, ${this.notStarted} not started`;
  }

  summary(seconds: number): string {
    const rate = seconds > 0 ? this.processed / seconds : 0;
    return `frames: ${this.total}, failed: ${this.failed}, seconds: ${seconds.toFixed(2)}, frames/s: ${rate.toFixed(1)}`;
  }

  exitCode(interrupted: boolean): number {
    if (interrupted) return 130;
    return this.done === this.total ? 0 : 1;
  }
}
