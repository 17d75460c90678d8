// The sweeper function, on a schedule: finishes what crashes (and the recorder, which never
// publishes) left in the outbox, once each entry's grace period is over, goes on with MediaConvert
// listings that paused, and marks videos without progress for VIDEO_STALL_AFTER stalled
// (src/tracking/sweeper.ts). VideosCompleted counts the completions its own writes made;
// VideosStalled the videos it marked (the stall alarm's metric). A video it could not finish is
// logged and fails the invocation (an Errors metric to alarm on); the next run tries again, so
// the schedule does not retry.
import type { Context } from 'aws-lambda';
import { TrackingFailedError } from '../../core/errors';
import type { SweepOptions, SweepResult } from '../../tracking/sweeper';
import type { Tracker } from '../../tracking/tracker';
import { listingBudget } from './mediaconvert';
import type { TrackingReport } from './report';

export interface SweeperDeps {
  tracker: Pick<Tracker, 'sweep'>;
  /** Grace periods and the stall time. */
  grace: SweepOptions;
  report: TrackingReport;
}

export type SweeperHandler = (event?: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<SweepResult>;

export function createSweeperHandler(deps: SweeperDeps): SweeperHandler {
  return async (_event, context) => {
    let result: SweepResult;
    try {
      result = await deps.tracker.sweep({ ...deps.grace, listingBudget: listingBudget(context) });
      deps.report.completed(result.completed.length);
      deps.report.stalled(result.stalled.length);
      const { republished, completed, stillIncomplete, stalled, failed } = result;
      deps.report.log.info('sweep done', { republished, completed, stillIncomplete: stillIncomplete.length, stalled, failed: failed.length });
    } finally {
      deps.report.flush();
    }
    if (result.failed.length > 0) throw new TrackingFailedError(result.failed.map(({ videoId, error }) => ({ item: videoId, reason: error })), result.failed.length);
    return result;
  };
}
