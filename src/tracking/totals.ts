// A video's total, from any of three sources, and the rule that picks the one in use.
//
// Each source keeps its latest total on the video item (fp_Total_<source>: {Frames, Rate, At}); a
// new value from the same source replaces the old one (a new capture.json corrects the last), and
// every value seen is appended to fp_TotalsSeen (at most MAX_TOTALS_SEEN entries) so the record
// can show them. The total in use is that of the first source present in TOTAL_PRECEDENCE,
// whatever the order they arrived in:
//   1. manifest      capture.json, written by a person or a pipeline for exactly this purpose;
//   2. mediaconvert  the frames MediaConvert wrote, counted by listing its output folder;
//   3. table         TotalFrames that another writer of the table set on the video's item.
// Until completion a total may change; the completion write freezes the one in use into the
// record (fp_Total, fp_TotalSource). A different total after completion changes nothing and is a
// TotalConflictError (logged; the record says which total it used and what else was seen).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { TrackingContext } from './context';
import { TotalConflictError, TransientTrackingError } from './errors';
import { N, S, getConsistent, num, str, updateAllNew, type Item } from './items';
import type { TotalSource, VideoTotal } from './manifest';
import { A, OUTBOX, videoKey } from './table';

export const TOTAL_PRECEDENCE: readonly TotalSource[] = ['manifest', 'mediaconvert', 'table'];
/** Totals kept in fp_TotalsSeen at most (the first ones; later ones still replace their source's). */
export const MAX_TOTALS_SEEN = 20;

export interface SourceTotal {
  source: TotalSource;
  frames: number;
  frameRate: number;
  /** When it was recorded (ms since the epoch). */
  at: number;
}

/** The latest total of each source present on the item, in precedence order. */
export function sourceTotals(item: Item | undefined): SourceTotal[] {
  return TOTAL_PRECEDENCE.flatMap((source) => {
    const entry = item?.[A.totalOf(source)]?.M;
    const frames = num(entry, 'Frames');
    return frames === undefined ? [] : [{ source, frames, frameRate: num(entry, 'Rate') ?? 30, at: num(entry, 'At') ?? 0 }];
  });
}

/** The total in use: the first source present in precedence order. */
export function totalInUse(item: Item | undefined): SourceTotal | undefined {
  return sourceTotals(item)[0];
}

/** Every total recorded, in arrival order (at most MAX_TOTALS_SEEN). */
export function totalsSeen(item: Item | undefined): { source: string; totalFrames: number; at: number }[] {
  return (item?.[A.totalsSeen]?.L ?? []).map((entry) => ({ source: str(entry.M, 'Source') ?? '', totalFrames: num(entry.M, 'Frames') ?? 0, at: num(entry.M, 'At') ?? 0 }));
}

/** Records `total` for its source. Returns the video item after the write (or as it was, if nothing changed). */
export async function writeTotal(ctx: TrackingContext, total: VideoTotal): Promise<Item> {
  const now = ctx.now();
  const entry = { M: { Frames: N(total.totalFrames), Rate: N(total.frameRate), At: N(now) } };
  const seen = { L: [{ M: { Source: S(total.source), Frames: N(total.totalFrames), At: N(now) } }] };
  const write = (append: boolean) =>
    updateAllNew(ctx.table, videoKey(total.videoId), {
      UpdateExpression: `SET #src = :entry, #outbox = :reconcile, #since = if_not_exists(#since, :now)${append ? ', #seen = list_append(if_not_exists(#seen, :none), :seen)' : ''}`,
      ConditionExpression: `attribute_not_exists(#completed) AND (attribute_not_exists(#src) OR #src.#frames <> :frames OR #src.#rate <> :rate)${append ? ' AND (attribute_not_exists(#seen) OR size(#seen) < :cap)' : ''}`,
      ExpressionAttributeNames: {
        '#src': A.totalOf(total.source), '#completed': A.completedAt, '#frames': 'Frames', '#rate': 'Rate', '#outbox': A.outbox, '#since': A.outboxSince,
        ...(append ? { '#seen': A.totalsSeen } : {}),
      },
      ExpressionAttributeValues: {
        ':entry': entry, ':frames': N(total.totalFrames), ':rate': N(total.frameRate), ':now': N(now), ':reconcile': S(OUTBOX.reconcile),
        ...(append ? { ':seen': seen, ':none': { L: [] }, ':cap': N(MAX_TOTALS_SEEN) } : {}),
      },
    });
  for (const append of [true, false]) {
    try {
      const video = await write(append);
      ctx.faults.step('after-total-write', total.videoId);
      return video;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const video = (await getConsistent(ctx.table, videoKey(total.videoId))) ?? {};
      if (video[A.completedAt] || sameAsRecorded(video, total)) return checkAfterCompletion(video, total);
      // Only the history is full: the total is still recorded, without an entry of its own.
    }
  }
  throw new TransientTrackingError(`total ${total.totalFrames} from ${total.source}: the total changed while it was being recorded (delivered again, it is)`, total.videoId);
}

function sameAsRecorded(video: Item, total: VideoTotal): boolean {
  const entry = video[A.totalOf(total.source)]?.M;
  return num(entry, 'Frames') === total.totalFrames && num(entry, 'Rate') === total.frameRate;
}

/** A total after completion: the same as the record's is a redelivery; another is refused. */
function checkAfterCompletion(video: Item, total: VideoTotal): Item {
  const frozen = num(video, A.total);
  if (!video[A.completedAt] || frozen === total.totalFrames) return video;
  throw new TotalConflictError(
    `total ${total.totalFrames} from ${total.source} arrived after the video completed: its record keeps ${frozen} (from ${str(video, A.totalSource) ?? 'unknown'})`,
    total.videoId,
  );
}
