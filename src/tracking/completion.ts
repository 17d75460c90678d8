// The single completion point: one conditional write on the video item,
//   SET fp_CompletedAt, the record (version 1), fp_Outbox = "publish"
//   IF attribute_not_exists(fp_CompletedAt) AND fp_Recoveries is what the completer saw
// Exactly one caller's write succeeds, whatever the number of frames, totals and redeliveries
// that find the video complete at the same time. The write freezes the record (so every
// publication of a version is the same bytes) and puts the video in the outbox in the same
// request, so a crash right after it cannot lose the publication. The condition on the recovery
// count makes a frame recovered while the completer was reading (processed after it failed) either
// seen by the completer or the cause of a new try: never counted failed in a record written later.
// The write carries a token of this attempt (fp_CompletedBy): an attempt whose answer was lost
// (the SDK's retry then fails the condition) recognises its own write, so the completion is still
// counted once, by the caller that made it.
import { randomUUID } from 'node:crypto';
import type { TrackingContext } from './context';
import { BOOL, N, S, getConsistent, num, str, updateIf, type Item } from './items';
import { numberingEvidence } from './numbering';
import type { Numbering } from './ranges';
import { countRecord, type RecordCount } from './record-count';
import { A, OUTBOX, videoKey } from './table';
import { totalInUse } from './totals';

export type CompletionStatus = 'complete' | 'complete_with_failures';

export type CompletionAttempt =
  /** This call's write completed the video (its answer, or the item read after a lost answer). */
  | { kind: 'completed'; item: Item }
  | { kind: 'already-complete'; item: Item }
  /** A frame was recovered meanwhile: settle again from this item. */
  | { kind: 'retry'; item: Item };

export async function complete(ctx: TrackingContext, videoId: string, video: Item, numbering: Numbering): Promise<CompletionAttempt> {
  const recoveries = num(video, A.recoveries) ?? 0;
  const count = await countRecord(ctx, videoId, video, numbering);
  const total = totalInUse(video);
  const token = randomUUID();
  const now = ctx.now();
  const record = recordAttributes(numbering, count);
  const fields: Item = {
    ...record, [A.total]: N(numbering.total), [A.totalSource]: S(total?.source ?? 'table'), [A.frameRate]: N(total?.frameRate ?? 30),
    [A.base]: N(numbering.base), [A.baseBy]: S(numberingEvidence(numbering)),
    [A.completedAt]: N(now), [A.completedBy]: S(token), [A.version]: N(1), [A.versionAt]: N(now), [A.recoveriesCounted]: N(recoveries),
    [A.outbox]: S(OUTBOX.publish), [A.outboxSince]: N(now),
    ...(ctx.blurMethod === undefined ? {} : { [A.blurMethod]: S(ctx.blurMethod) }),
  };
  const names: Record<string, string> = { '#completed': A.completedAt, '#recoveries': A.recoveries };
  const values: Item = { ':recoveries': N(recoveries) };
  const sets = Object.entries(fields).map(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  names['#stalledAt'] = A.stalledAt;
  names['#stalledBy'] = A.stalledBy;
  names['#stallReason'] = A.stallReason;
  names['#stallDetail'] = A.stallDetail;
  names['#stallAnnounced'] = A.stallAnnounced;
  const unchanged = recoveries === 0 ? '(attribute_not_exists(#recoveries) OR #recoveries = :recoveries)' : '#recoveries = :recoveries';
  let written: Item | undefined;
  let lost: unknown;
  try {
    written = await updateIf(ctx.table, videoKey(videoId), {
      UpdateExpression: `SET ${sets.join(', ')} REMOVE #stalledAt, #stalledBy, #stallReason, #stallDetail, #stallAnnounced`,
      ConditionExpression: `attribute_not_exists(#completed) AND ${unchanged}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  } catch (error) {
    lost = error; // the write may have happened, its answer lost: the item says whose it is
  }
  if (written) {
    ctx.faults.step('after-complete', videoId);
    return { kind: 'completed', item: written };
  }
  const latest = (await getConsistent(ctx.table, videoKey(videoId))) ?? {};
  if (lost !== undefined && str(latest, A.completedBy) !== token) throw lost;
  if (!latest[A.completedAt]) return { kind: 'retry', item: latest };
  if (str(latest, A.completedBy) !== token) return { kind: 'already-complete', item: latest };
  ctx.faults.step('after-complete', videoId);
  return { kind: 'completed', item: latest };
}

/** The record's attributes from a count (completion and corrections write the same ones). */
export function recordAttributes(numbering: Numbering, count: RecordCount): Item {
  const failures = count.failedCount;
  return {
    [A.status]: S(failures > 0 ? 'complete_with_failures' : 'complete'),
    [A.processed]: N(numbering.total - failures),
    [A.failedCount]: N(failures),
    [A.failedKeys]: { L: count.listed.map((failure) => ({ M: { Index: N(failure.index), Key: S(failure.key), Reason: S(failure.reason) } })) },
    [A.failedKeysTruncated]: BOOL(count.listed.length < failures),
    [A.outOfRange]: { M: { Count: N(count.outOfRange.count), Ranges: { L: count.outOfRange.ranges.map(S) }, Truncated: BOOL(count.outOfRange.truncated) } },
  };
}
