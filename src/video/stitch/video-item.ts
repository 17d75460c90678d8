// Reading the stitch's state off the video item, and the conditional writes that move it.
import { getConsistent, N, num, numSet, S, str, updateIf, type Item } from '../../tracking/items';
import { A, OUTBOX, videoKey } from '../../tracking/table';
import type { StitchContext } from './context';
import { SA, type StitchOutboxState } from './state';

export const readVideo = (ctx: StitchContext, videoId: string): Promise<Item | undefined> => getConsistent(ctx.table, videoKey(videoId));

export const outboxOf = (item: Item | undefined): string | undefined => str(item, A.outbox);
export const planIdOf = (item: Item | undefined): string | undefined => str(item, SA.planId);
export const outcomeOf = (item: Item | undefined): string | undefined => str(item, SA.outcome);
export const doneSegments = (item: Item | undefined): number[] => numSet(item, SA.done);
export const segmentsOf = (item: Item | undefined): number => num(item, SA.segments) ?? 0;

/**
 * Moves the outbox from `from` to `to` (OutboxSince = now) if it is still `from`, with `extra`
 * SET clauses; the item after the write, or undefined if the outbox had moved on.
 */
export function moveOutbox(ctx: StitchContext, videoId: string, from: StitchOutboxState, to: StitchOutboxState, extra?: { set: string; names: Record<string, string>; values: Item }): Promise<Item | undefined> {
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: `SET #outbox = :to, #since = :now${extra ? `, ${extra.set}` : ''}`,
    ConditionExpression: '#outbox = :from',
    ExpressionAttributeNames: { '#outbox': A.outbox, '#since': A.outboxSince, ...extra?.names },
    ExpressionAttributeValues: { ':to': S(to), ':from': S(from), ':now': N(ctx.now()), ...extra?.values },
  });
}

/**
 * Removes the outbox entry if it is still `from`; or, when a failed frame was processed since the
 * record was counted (a correction waited for the stitch to finish), hands the video to the frame
 * accounting's `correct` state, whose new version is then stitched again.
 */
export async function clearOutbox(ctx: StitchContext, videoId: string, from: StitchOutboxState): Promise<Item | undefined> {
  const cleared = await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'REMOVE #outbox, #since',
    ConditionExpression: '#outbox = :from AND (attribute_not_exists(#recoveries) OR #recoveries = #counted)',
    ExpressionAttributeNames: { '#outbox': A.outbox, '#since': A.outboxSince, '#recoveries': A.recoveries, '#counted': A.recoveriesCounted },
    ExpressionAttributeValues: { ':from': S(from) },
  });
  if (cleared) return cleared;
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #outbox = :correct, #since = :now',
    ConditionExpression: '#outbox = :from',
    ExpressionAttributeNames: { '#outbox': A.outbox, '#since': A.outboxSince },
    ExpressionAttributeValues: { ':from': S(from), ':correct': S(OUTBOX.correct), ':now': N(ctx.now()) },
  });
}
