// Whether a video's frames are numbered from 0 (MediaConvert's frame capture) or from 1 (ffmpeg's
// default), decided from what arrives and then recorded on the video item for good:
//  - frame 0 arrived (processed or failed): numbered from 0;
//  - else, with a total T known, frame T arrived: numbered from 1 (T is past the end of a
//    0-based video, so it can only be the last frame of a 1-based one).
// Frame T is noticed whichever comes first: a frame T that arrives after the total finds the
// total's mark on its chunk (Top) and flags itself; a total that arrives after frame T marks the
// chunk and finds frame T in the answer. Until one of them is seen the base is undecided, and a
// video that stays so is reported stalled with that reason. Indices outside [base, base + total)
// are reported (in the record and the stall reason), never counted.
import { viewChunk } from './chunks';
import type { TrackingContext } from './context';
import { BOOL, N, S, batchGetConsistent, bool, getConsistent, num, updateAllNew, updateIf, type Item } from './items';
import { chunkOf, type Numbering } from './ranges';
import { A, C, chunkKey, videoKey } from './table';

/** The numbering the item records or its evidence decides; undefined while undecided. */
export function numberingOf(item: Item, total: number): Numbering | undefined {
  const recorded = num(item, A.base);
  if (recorded === 0 || recorded === 1) return { base: recorded, total };
  if (total === 0 || bool(item, A.zeroSeen)) return { base: 0, total };
  if (num(item, A.topSeen) === total) return { base: 1, total };
  return undefined;
}

/** Why the numbering is what it is (for the record). */
export function numberingEvidence(numbering: Numbering): string {
  if (numbering.total === 0) return 'no frames';
  return numbering.base === 0 ? 'frame 0 arrived' : `frame ${numbering.total} arrived with a total of ${numbering.total} and no frame 0`;
}

/** Marks total T on the chunk frame T would be in, and flags frame T if it is there already. */
export async function markTop(ctx: TrackingContext, videoId: string, total: number): Promise<Item> {
  const chunk = chunkOf(total, ctx.layout);
  const item = await updateAllNew(ctx.table, chunkKey(videoId, chunk), {
    UpdateExpression: 'SET #top = :total',
    ExpressionAttributeNames: { '#top': C.top },
    ExpressionAttributeValues: { ':total': N(total) },
  });
  ctx.faults.step('after-top-mark', videoId);
  const present = viewChunk(item, chunk).present.has(total - chunk * ctx.layout.chunkSize);
  const video = await updateAllNew(ctx.table, videoKey(videoId), {
    UpdateExpression: present ? 'SET #marked = :total, #top = :total' : 'SET #marked = :total',
    ExpressionAttributeNames: { '#marked': A.topMarked, ...(present ? { '#top': A.topSeen } : {}) },
    ExpressionAttributeValues: { ':total': N(total) },
  });
  ctx.faults.step('after-numbering-flag', videoId);
  return video;
}

/** Records the base once; the first decision stands. Returns the video item after. */
export async function recordBase(ctx: TrackingContext, videoId: string, numbering: Numbering): Promise<Item> {
  const written = await updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #base = :base, #by = :by',
    ConditionExpression: 'attribute_not_exists(#base)',
    ExpressionAttributeNames: { '#base': A.base, '#by': A.baseBy },
    ExpressionAttributeValues: { ':base': N(numbering.base), ':by': S(numberingEvidence(numbering)) },
  });
  if (written) ctx.faults.step('after-base-write', videoId);
  return written ?? (await getConsistent(ctx.table, videoKey(videoId))) ?? {};
}

/**
 * The sweeper's check for evidence whose flag a crash lost: frame 0 in chunk 0, frame T in its
 * chunk (strongly consistent reads); flags what it finds. The video item after, or undefined.
 */
export async function probeNumbering(ctx: TrackingContext, videoId: string, total: number): Promise<Item | undefined> {
  const chunks = [...new Set([0, chunkOf(total, ctx.layout)])];
  const items = await batchGetConsistent(ctx.table, chunks.map((chunk) => chunkKey(videoId, chunk)));
  const has = (index: number) => viewChunk(items.get(chunkKey(videoId, chunkOf(index, ctx.layout))), chunkOf(index, ctx.layout)).present.has(index - chunkOf(index, ctx.layout) * ctx.layout.chunkSize);
  const zero = has(0);
  const top = total > 0 && has(total);
  if (!zero && !top) return undefined;
  const video = await updateAllNew(ctx.table, videoKey(videoId), {
    UpdateExpression: zero ? 'SET #zero = :true' : 'SET #top = :total',
    ExpressionAttributeNames: zero ? { '#zero': A.zeroSeen } : { '#top': A.topSeen },
    ExpressionAttributeValues: zero ? { ':true': BOOL(true) } : { ':total': N(total) },
  });
  ctx.faults.step('after-numbering-flag', videoId);
  return video;
}
