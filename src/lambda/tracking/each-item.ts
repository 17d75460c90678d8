// How every tracking function treats the items of one invocation (S3 records, failed frames,
// stream records): each is attempted; a TrackingError is permanent (a bad manifest, a conflicting
// total...): the tracker has logged it and a retry would change nothing, so the item is dropped;
// any other error (DynamoDB, S3, the network) is transient: the others still run, then the
// invocation fails so that Lambda delivers it again (every step is safe to repeat).
import { TrackingFailedError } from '../../core/errors';
import { TrackingError } from '../../tracking/errors';
import type { TrackingReport } from './report';

export interface ItemOutcome {
  done: number;
  refused: number;
}

/** The log message of an item dropped for good; its fields carry the item and the reason. */
export const DROPPED = 'dropped, not retried';

export async function eachItem<T>(items: T[], nameOf: (item: T) => string, work: (item: T) => Promise<void>, report: TrackingReport): Promise<ItemOutcome> {
  const outcome: ItemOutcome = { done: 0, refused: 0 };
  const failures: Array<{ item: string; reason: string }> = [];
  try {
    for (const item of items) {
      try {
        await work(item);
        outcome.done++;
      } catch (error) {
        if (error instanceof TrackingError) {
          outcome.refused++;
          report.log.warn(DROPPED, { item: nameOf(item), error: error.name, reason: error.reason });
          continue;
        }
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        report.log.error('failed, will be retried', { item: nameOf(item), reason });
        failures.push({ item: nameOf(item), reason });
      }
    }
  } finally {
    report.flush();
  }
  if (failures.length > 0) throw new TrackingFailedError(failures, items.length);
  return outcome;
}
