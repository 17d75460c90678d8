// A correction after completion: a frame recorded failed and processed later (a replay, a
// backfill) is counted processed, and the record changes to match, as a new version.
//
// The recovered frame's path counts the recovery on the video item (fp_Recoveries, frames.ts). A
// completed video whose count is ahead of the one its record was made with (fp_RecoveriesCounted)
// enters the outbox state `correct`: at once if its outbox is free, else when the state it is in
// is left (the publication of a version, or the edge video's last step), so a correction never
// cuts into a publication or a stitch under way. In `correct`, the record is counted again and
// ONE conditional write (IF the outbox is still `correct` and the version unchanged) stores
// version n+1 with the outbox set to `publish`; its publication sends "Video Frames Updated".
// A count that changes nothing leaves the outbox as a publication would. A recovery that lands
// while a correction counts is seen by the count or leaves the count behind, and the publication
// of the new version then moves the outbox to `correct` again: each change gets exactly one
// version, each version is published at least once.
import { randomUUID } from 'node:crypto';
import type { TrackingContext } from './context';
import { recordAttributes } from './completion';
import { N, S, getConsistent, num, str, updateIf, type Item } from './items';
import { countRecord } from './record-count';
import { A, OUTBOX, videoKey } from './table';

export type CorrectionResult = { kind: 'updated'; item: Item } | { kind: 'unchanged' | 'moved-on' };

/** Counts a video in `correct` again; a new version if anything changed. */
export async function correct(ctx: TrackingContext, videoId: string): Promise<CorrectionResult> {
  const video = await getConsistent(ctx.table, videoKey(videoId));
  if (!video || str(video, A.outbox) !== OUTBOX.correct) return { kind: 'moved-on' };
  if (!video[A.completedAt]) return notYetComplete(ctx, videoId);
  const version = num(video, A.version) ?? 1;
  const recoveries = num(video, A.recoveries) ?? 0;
  const numbering = { base: num(video, A.base) === 1 ? 1 : 0, total: num(video, A.total) ?? 0 } as const;
  const record = recordAttributes(numbering, await countRecord(ctx, videoId, video, numbering));
  const changed = Object.entries(record).some(([name, value]) => JSON.stringify(value) !== JSON.stringify(video[name]));
  const now = ctx.now();
  const names: Record<string, string> = { '#outbox': A.outbox, '#version': A.version };
  const values: Item = { ':correct': S(OUTBOX.correct), ':version': N(version) };
  const condition = '#outbox = :correct AND #version = :version';
  if (!changed) {
    const next = ctx.outboxAfterPublish;
    const left = await updateIf(ctx.table, videoKey(videoId), {
      UpdateExpression: next ? 'SET #counted = :recoveries, #outbox = :next, #since = :now' : 'SET #counted = :recoveries REMOVE #outbox, #since',
      ConditionExpression: condition,
      ExpressionAttributeNames: { ...names, '#since': A.outboxSince, '#counted': A.recoveriesCounted },
      ExpressionAttributeValues: { ...values, ':recoveries': N(recoveries), ...(next ? { ':next': S(next), ':now': N(now) } : {}) },
    });
    return { kind: left ? 'unchanged' : 'moved-on' };
  }
  const token = randomUUID();
  const fields: Item = { ...record, [A.version]: N(version + 1), [A.versionAt]: N(now), [A.versionBy]: S(token), [A.recoveriesCounted]: N(recoveries), [A.outbox]: S(OUTBOX.publish), [A.outboxSince]: N(now) };
  const sets = Object.entries(fields).map(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  const written = await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
  const item = written ?? (await getConsistent(ctx.table, videoKey(videoId)));
  if (!written && str(item, A.versionBy) !== token) return { kind: 'moved-on' };
  ctx.faults.step('after-correct', videoId);
  ctx.log.info('video record corrected', { videoId, version: version + 1, processedFrames: Number(record[A.processed].N), failedFrameCount: Number(record[A.failedCount].N) });
  return { kind: 'updated', item: item ?? {} };
}

/** A recovery signalled before completion found the outbox free: the video goes back to `reconcile`. */
async function notYetComplete(ctx: TrackingContext, videoId: string): Promise<CorrectionResult> {
  await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #outbox = :reconcile',
    ConditionExpression: '#outbox = :correct AND attribute_not_exists(#completed)',
    ExpressionAttributeNames: { '#outbox': A.outbox, '#completed': A.completedAt },
    ExpressionAttributeValues: { ':reconcile': S(OUTBOX.reconcile), ':correct': S(OUTBOX.correct) },
  });
  return { kind: 'moved-on' };
}
