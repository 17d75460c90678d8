// A video whose edge video cannot be made (its frames change size partway, an edge map cannot be
// read, the segments cannot be joined, or the stitch gave up after its re-drives): the outcome
// "refused" is recorded once, with the reason, by the same conditional write that records every
// outcome, and then published. Nothing about it is retried: the refusal is the video's answer.
import { N, S, updateIf, type Item } from '../../tracking/items';
import { A, videoKey } from '../../tracking/table';
import type { StitchContext } from './context';
import { publishStitch } from './publish';
import { SA, STITCH_OUTBOX, type StitchOutcome } from './state';

/** Longest reason kept (the item and the event stay small). */
export const MAX_REASON_LENGTH = 500;

/**
 * Records `outcome` (refused or none) with `reason` unless the video already has an outcome.
 * Returns the item after the write, or undefined if another outcome was there first.
 */
export function recordNoVideo(ctx: StitchContext, videoId: string, outcome: Exclude<StitchOutcome, 'created'>, reason: string): Promise<Item | undefined> {
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #outcome = :outcome, #reason = :reason, #at = :now, #outbox = :publish, #since = :now',
    ConditionExpression: 'attribute_not_exists(#outcome)',
    ExpressionAttributeNames: { '#outcome': SA.outcome, '#reason': SA.reason, '#at': SA.outcomeAt, '#outbox': A.outbox, '#since': A.outboxSince },
    ExpressionAttributeValues: { ':outcome': S(outcome), ':reason': S(reason.slice(0, MAX_REASON_LENGTH)), ':now': N(ctx.now()), ':publish': S(STITCH_OUTBOX.publish) },
  });
}

/** Refuses the video's stitch for good and publishes the refusal (if this call recorded it). */
export async function refuseStitch(ctx: StitchContext, videoId: string, reason: string): Promise<boolean> {
  const refused = await recordNoVideo(ctx, videoId, 'refused', reason);
  if (!refused) return false;
  ctx.faults.step('after-refuse', videoId);
  ctx.log.error('edge video refused', { videoId, reason });
  await publishStitch(ctx, videoId, refused);
  return true;
}
