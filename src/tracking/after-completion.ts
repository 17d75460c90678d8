// What the frame accounting still does for a completed video, from any caller that meets it:
// publish a version whose publication is pending (outbox `publish`), count the record again
// (outbox `correct`, corrections.ts), or start a correction for recoveries that arrived while the
// outbox was free. One call drives these steps in turn until nothing is left for the accounting.
//
// Who publishes: the caller whose conditional write put the version in the outbox (the
// completion, the correction) publishes at once. Anyone else who finds it pending (a duplicate
// of the last frame, a redelivery) publishes only if the entry has waited PUBLISH_LEASE_MS, and
// only after taking it over with a conditional write on fp_OutboxSince: so 40 duplicates of the
// last frame publish once, and a publisher that crashed is replaced by its redelivery. The sweeper
// (after its longer grace) covers every other case.
import { publish, type VideoRecord } from './publish';
import type { TrackingContext } from './context';
import { correct } from './corrections';
import { N, S, getConsistent, num, str, updateIf, type Item } from './items';
import { A, OUTBOX, videoKey } from './table';

/** An entry younger than this is its writer's to publish (longer than a publication takes). */
export const PUBLISH_LEASE_MS = 30_000;
/** Corrections and publications driven in one call at most (then the sweeper goes on). */
const MAX_ROUNDS = 6;

export interface DriveResult {
  /** Records published by this call, in order. */
  published: VideoRecord[];
}

/**
 * `owned`: the caller's own write put the item in its state (no lease needed). The item is the
 * latest the caller has; states other than the accounting's are left alone.
 */
export async function driveCompleted(ctx: TrackingContext, videoId: string, item: Item, owned: boolean): Promise<DriveResult> {
  const result: DriveResult = { published: [] };
  if (!ctx.publishesInline) return result;
  let current: Item | undefined = item;
  let own = owned;
  for (let round = 0; current && round < MAX_ROUNDS; round++) {
    const state = str(current, A.outbox);
    if (!own) {
      if (state === undefined && pendingRecoveries(current)) current = await claimCorrection(ctx, videoId);
      else if (state === OUTBOX.publish || state === OUTBOX.correct) current = await takeOver(ctx, videoId, current);
      else current = undefined;
      own = current !== undefined;
      continue;
    }
    if (state === OUTBOX.publish) {
      const { record, next } = await publish(ctx, videoId, current);
      result.published.push(record);
      current = next === 'correct' ? ((await getConsistent(ctx.table, videoKey(videoId))) ?? undefined) : undefined;
    } else if (state === OUTBOX.correct) {
      const corrected = await correct(ctx, videoId);
      current = corrected.kind === 'updated' ? corrected.item : undefined;
    } else current = undefined;
  }
  return result;
}

export function pendingRecoveries(item: Item): boolean {
  return (num(item, A.recoveries) ?? 0) > (num(item, A.recoveriesCounted) ?? 0);
}

/** A completed video with a free outbox and a recovery not counted: into `correct`, if still so. */
function claimCorrection(ctx: TrackingContext, videoId: string): Promise<Item | undefined> {
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #outbox = :correct, #since = :now',
    ConditionExpression: 'attribute_exists(#completed) AND attribute_not_exists(#outbox)',
    ExpressionAttributeNames: { '#outbox': A.outbox, '#since': A.outboxSince, '#completed': A.completedAt },
    ExpressionAttributeValues: { ':correct': S(OUTBOX.correct), ':now': N(ctx.now()) },
  });
}

/** Takes over an entry that has waited the lease out (its writer is gone); undefined if it is still young or moved. */
function takeOver(ctx: TrackingContext, videoId: string, item: Item): Promise<Item | undefined> {
  const since = num(item, A.outboxSince) ?? 0;
  if (ctx.now() - since < PUBLISH_LEASE_MS) return Promise.resolve(undefined);
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #since = :now',
    ConditionExpression: '#outbox = :state AND #since = :since',
    ExpressionAttributeNames: { '#outbox': A.outbox, '#since': A.outboxSince },
    ExpressionAttributeValues: { ':state': S(str(item, A.outbox) ?? ''), ':since': N(since), ':now': N(ctx.now()) },
  });
}
