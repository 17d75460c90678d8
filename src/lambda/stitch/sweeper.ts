// The stitch sweeper, on a schedule: re-drives whatever a crash or a lost invocation left pending
// in the stitch's outbox states, once each state's grace is over (src/video/stitch/sweeper.ts). A
// video it could not re-drive is logged and fails the run (an Errors metric, alarmed); the next
// run tries again, so the schedule does not retry.
import { StitchSweepFailedError } from '../../core/errors';
import type { TrackingLog } from '../../tracking/context';
import { DEFAULT_STITCH_SWEEP, type StitchService, type StitchSweepOptions, type StitchSweepResult } from '../../video/stitch';

export interface StitchSweeperDeps {
  service: Pick<StitchService, 'sweep'>;
  log: TrackingLog;
  options?: StitchSweepOptions;
}

export type StitchSweeperHandler = (event?: unknown) => Promise<StitchSweepResult>;

export function createStitchSweeperHandler(deps: StitchSweeperDeps): StitchSweeperHandler {
  return async () => {
    const result = await deps.service.sweep(deps.options ?? DEFAULT_STITCH_SWEEP);
    const { redriven, refused, failed } = result;
    deps.log.info('stitch sweep done', { redriven: redriven.length, refused: refused.length, failed: failed.length });
    if (failed.length > 0) throw new StitchSweepFailedError(failed.map(({ videoId, error }) => ({ videoId, reason: error })));
    return result;
  };
}
