// Which edge map shows each frame of the video. A frame whose edge map is missing (it failed for
// good, or was never written) shows the previous frame's edge map, so the timing stays right; a
// run of missing frames at the very start shows the first frame that has one. Pure functions.

/** Frames `from`..`to` (inclusive) have no edge map of their own and show frame `frame`'s. */
export interface FillRun {
  from: number;
  to: number;
  frame: number;
}

/**
 * The fill runs of a video whose frame i has an edge map when `names[i]` is defined. Undefined
 * when no frame has one (there is nothing to show).
 */
export function fillRuns(names: readonly (string | undefined)[]): FillRun[] | undefined {
  const first = names.findIndex((name) => name !== undefined);
  if (first < 0) return undefined;
  const runs: FillRun[] = first > 0 ? [{ from: 0, to: first - 1, frame: first }] : [];
  let lastShown = first;
  for (let index = first + 1; index < names.length; index++) {
    if (names[index] !== undefined) {
      lastShown = index;
      continue;
    }
    const run = runs[runs.length - 1];
    if (run && run.to === index - 1 && run.frame === lastShown) run.to = index;
    else runs.push({ from: index, to: index, frame: lastShown });
  }
  return runs;
}

/** `names` with every missing frame given the name of the frame it shows. */
export function applyFills(names: readonly (string | undefined)[], runs: readonly FillRun[]): string[] {
  const filled = [...names];
  for (const run of runs) for (let index = run.from; index <= run.to; index++) filled[index] = names[run.frame];
  return filled as string[];
}

/** Frames filled in all. */
export function fillCount(runs: readonly FillRun[]): number {
  return runs.reduce((sum, run) => sum + run.to - run.from + 1, 0);
}

/** The fills one by one, in index order, at most `limit` of them: [{index, frame}]. */
export function listFills(runs: readonly FillRun[], limit: number): { index: number; frame: number }[] {
  const listed: { index: number; frame: number }[] = [];
  for (const run of runs) {
    for (let index = run.from; index <= run.to; index++) {
      if (listed.length >= limit) return listed;
      listed.push({ index, frame: run.frame });
    }
  }
  return listed;
}
