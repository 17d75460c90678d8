// What a run of `frame-processor video` tells its user: a line for every frame that failed (as the
// frame command prints them), a line for every run of fills (as the stitch records them: which
// frames show which frame's edge map), a summary line on stdout, and the exit code: 0 the video is
// written and every frame shows its own edge map; 1 written with fills, or not written at all;
// 130 interrupted by Ctrl-C (nothing written).
import type { MovieLayout } from '../../video/mp4/movie-header';
import { fillCount, fillRuns, type FillRun } from '../../video/stitch/fills';

/** Fill runs listed one by one at most; the rest are counted. */
export const LISTED_FILL_RUNS = 20;

export class VideoReport {
  private failed = 0;
  private filled = 0;

  /** `say` prints one line on stderr. */
  constructor(
    private readonly total: number,
    private readonly say: (line: string) => void,
  ) {}

  frameFailed(message: string): void {
    this.failed++;
    this.say(message);
  }

  /**
   * Reports the fills of a video whose frames lacking an edge map are marked in `lacking`;
   * `names[i]` undefined is a missing frame; `base` (0 or 1) turns positions into the frames' indices.
   */
  fills(lacking: Uint8Array, names: readonly (string | undefined)[], base = 0): void {
    const runs = fillRuns(Array.from(lacking, (lack) => (lack ? undefined : '')));
    if (!runs) return;
    this.filled = fillCount(runs);
    for (const run of runs.slice(0, LISTED_FILL_RUNS)) this.say(describeRun(run, names, base));
    const rest = runs.slice(LISTED_FILL_RUNS);
    if (rest.length > 0) this.say(`and ${rest.length} more runs of frames like these (${fillCount(rest)} frames)`);
  }

  /** One line: the video written (its path or URL and layout), or `none`. */
  summary(out: string | undefined, layout: MovieLayout | undefined, frameRate: string, seconds: number): string {
    const video = out === undefined || layout === undefined ? 'video: none' : `video: ${out}`;
    const shape = layout === undefined ? '' : `, size: ${layout.width}x${layout.height}, fps: ${frameRate}, bytes: ${layout.totalBytes}`;
    const rate = seconds > 0 && layout !== undefined ? this.total / seconds : 0;
    return `${video}, frames: ${this.total}, filled: ${this.filled}, failed: ${this.failed}${shape}, seconds: ${seconds.toFixed(2)}, frames/s: ${rate.toFixed(1)}`;
  }

  exitCode(written: boolean, interrupted: boolean): number {
    if (interrupted) return 130;
    return written && this.filled === 0 ? 0 : 1;
  }
}

function describeRun(run: FillRun, names: readonly (string | undefined)[], base: number): string {
  let missing = 0;
  for (let index = run.from; index <= run.to; index++) if (names[index] === undefined) missing++;
  const count = run.to - run.from + 1;
  const [from, to, shown] = [run.from + base, run.to + base, run.frame + base];
  if (count === 1) return `frame ${from} shows frame ${shown}'s edge map (it has none: ${missing ? 'missing' : 'failed'})`;
  const why = [missing > 0 ? `${missing} missing` : '', count > missing ? `${count - missing} failed` : ''].filter(Boolean).join(', ');
  return `frames ${from}..${to} show frame ${shown}'s edge map (they have none: ${why})`;
}
