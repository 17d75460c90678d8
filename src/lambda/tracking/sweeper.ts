// The sweeper function, on a schedule: finishes what crashes (and the recorder, which never
// publishes) left in the outbox, once each entry's grace period is over (src/tracking/sweeper.ts).
// A video it could not finish is logged and fails the invocation (an Errors metric to alarm on);
// the next run tries again, so the schedule does not retry.
import { TrackingFailedError } from '../../core/errors';
import type { SweepOptions, SweepResult } from '../../tracking/sweeper';
import type { Tracker } from '../../tracking/tracker';
import type { TrackingReport } from './report';

export interface SweeperDeps {
  tracker: Pick<Tracker, 'sweep'>;
  grace: SweepOptions;
  report: TrackingReport;
}

export type SweeperHandler = (event?: unknown) => Promise<SweepResult>;

export function createSweeperHandler(deps: SweeperDeps): SweeperHandler {
  return async () => {
    let result: SweepResult;
    try {
      result = await deps.tracker.sweep(deps.grace);
      deps.report.completed(result.completed.length);
      const { republished, completed, stillIncomplete, failed } = result;
      deps.report.log.info('sweep done', { republished, completed, stillIncomplete: stillIncomplete.length, failed: failed.length });
    } finally {
      deps.report.flush();
    }
    if (result.failed.length > 0) throw new TrackingFailedError(result.failed.map(({ videoId, error }) => ({ item: videoId, reason: error })), result.failed.length);
    return result;
  };
}
