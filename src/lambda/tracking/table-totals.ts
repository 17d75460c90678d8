// The table-totals function: the existing jobs table's stream delivers items that another writer
// gave a TotalFrames (stream-totals.ts); each such total is recorded as the video's, which
// reconciles its chunks and completes it if every frame is in already.
import type { Tracker } from '../../tracking/tracker';
import { eachItem, type ItemOutcome } from './each-item';
import type { TrackingReport } from './report';
import { totalsOfStream } from './stream-totals';

export interface TableTotalsDeps {
  tracker: Pick<Tracker, 'recordTotal'>;
  report: TrackingReport;
}

export type TableTotalsHandler = (event: unknown) => Promise<ItemOutcome>;

export function createTableTotalsHandler(deps: TableTotalsDeps): TableTotalsHandler {
  return async (event) => {
    const { totals, problems } = totalsOfStream(event);
    for (const problem of problems) deps.report.log.error('TotalFrames on the table is not a valid total: ignored', { reason: problem });
    return eachItem(totals, (total) => total.videoId, async (total) => {
      deps.report.progress('total from the jobs table recorded', total.videoId, await deps.tracker.recordTotal(total));
    }, deps.report);
  };
}
