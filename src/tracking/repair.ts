// Once a video's numbering and total are known: its range's edges learn their bounds, and the
// chunks and groups not yet done are read and promoted if they are whole (the repair pass).
//
// 1. Each edge chunk and group gets SET Lo, Hi; its answer (ALL_NEW) says whether all of its
//    bounds are in, and if so it is recorded covered. With its frames' ADDs also answering
//    ALL_NEW, the last of these writes sees the edge full: no edge is missed.
// 2. Repair: the groups of the range not done are read (strongly consistent), and their chunks
//    not done; whole ones are promoted. Not needed when nothing was lost (settle.ts says why); it
//    finds a promotion a crash lost for good (a frame whose every retry died between its writes).
//    Inline, only the chunks registered in their group are read (cheap: registration happens at
//    a chunk's first frame); the sweeper reads every chunk of the range not done, registered or
//    not, so nothing a crash left behind escapes it.
// 3. fp_BoundsFor = "<base>:<total>" on the video item: the bounds are written for this numbering.
// Memory stays bounded: groups are read 100 at a time, and one group's chunks (at most 256) at once.
import { chunkCoverage, chunkWhole, groupCoverage, groupWhole, viewChunk, viewGroup, type ChunkView } from './chunks';
import type { TrackingContext } from './context';
import { N, S, batchGetConsistent, numSet, strSet, updateAllNew, type Item } from './items';
import { cover, promoteChunk, promoteGroup } from './promote';
import { groupOf, numberingId, requiredChunksOfGroup, requirements, type Numbering, type Requirements } from './ranges';
import { A, C, G, chunkKey, groupKey, videoKey } from './table';

export interface ReconcileOptions {
  /** Read only registered chunks (the inline path) rather than every chunk not done (the sweeper). */
  registeredOnly: boolean;
  /** Sees each chunk of the range that is not done, in index order (its view; empty if no item). */
  observe?: (view: ChunkView) => void;
}

const BATCH = 100;

export async function reconcileRange(ctx: TrackingContext, videoId: string, video: Item, numbering: Numbering, options: ReconcileOptions): Promise<Item> {
  const required = requirements(ctx.layout, numbering);
  let latest = video;
  const track = (item: Item | undefined) => (latest = item ?? latest);
  const edgeViews = new Map<number, ChunkView>();
  for (const edge of required.edges) {
    const isChunk = edge.kind === 'chunk';
    const item = await updateAllNew(ctx.table, isChunk ? chunkKey(videoId, edge.n) : groupKey(videoId, edge.n), {
      UpdateExpression: 'SET #lo = :lo, #hi = :hi',
      ExpressionAttributeNames: { '#lo': isChunk ? C.lo : G.lo, '#hi': isChunk ? C.hi : G.hi },
      ExpressionAttributeValues: { ':lo': N(edge.bounds.lo), ':hi': N(edge.bounds.hi) },
    });
    ctx.faults.step('after-bounds-write', videoId);
    if (isChunk) {
      const view = viewChunk(item, edge.n);
      edgeViews.set(edge.n, view);
      const token = chunkCoverage(view);
      if (token) track(await cover(ctx, videoId, token));
    } else {
      const view = viewGroup(item, edge.n);
      const token = groupCoverage(view);
      if (token) track(await cover(ctx, videoId, token, view.failed.size > 0 ? edge.n : undefined));
    }
  }
  const firstEdge = edgeViews.get(required.chunks.lo);
  if (firstEdge) options.observe?.(firstEdge);
  track(await repairGroups(ctx, videoId, latest, required, options));
  const lastEdge = edgeViews.get(required.chunks.hi - 1);
  if (lastEdge && lastEdge !== firstEdge) options.observe?.(lastEdge);
  latest = await updateAllNew(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #bounds = :id',
    ExpressionAttributeNames: { '#bounds': A.boundsFor },
    ExpressionAttributeValues: { ':id': S(numberingId(numbering)) },
  });
  ctx.faults.step('after-bounds-recorded', videoId);
  return latest;
}

/** Step 2; returns the video item's latest answer if a promotion wrote it. */
async function repairGroups(ctx: TrackingContext, videoId: string, video: Item, required: Requirements, options: ReconcileOptions): Promise<Item | undefined> {
  const { nominalChunks } = required;
  if (nominalChunks.hi <= nominalChunks.lo) return undefined;
  const done = new Set(numSet(video, A.doneGroups));
  const covered = new Set(strSet(video, A.covered));
  const edgeTokens = new Map(required.edges.filter((edge) => edge.kind === 'group').map((edge) => [edge.n, edge.token]));
  const isDone = (group: number) => done.has(group) || covered.has(edgeTokens.get(group) ?? '');
  const groups: number[] = [];
  for (let group = groupOf(nominalChunks.lo, ctx.layout); group <= groupOf(nominalChunks.hi - 1, ctx.layout); group++) if (!isDone(group)) groups.push(group);
  let latest: Item | undefined;
  for (let start = 0; start < groups.length; start += BATCH) {
    const batch = groups.slice(start, start + BATCH);
    const items = await batchGetConsistent(ctx.table, batch.map((group) => groupKey(videoId, group)));
    ctx.faults.step('after-repair-read', videoId);
    for (const group of batch) {
      const item = items.get(groupKey(videoId, group));
      if (!item && options.registeredOnly) continue;
      latest = (await repairGroup(ctx, videoId, group, item, required, options)) ?? latest;
    }
  }
  return latest;
}

async function repairGroup(ctx: TrackingContext, videoId: string, group: number, item: Item | undefined, required: Requirements, options: ReconcileOptions): Promise<Item | undefined> {
  const view = viewGroup(item, group);
  const span = requiredChunksOfGroup(required, group, ctx.layout);
  const first = group * ctx.layout.groupSize;
  const candidates: number[] = [];
  for (let chunk = span.lo; chunk < span.hi; chunk++) {
    const offset = chunk - first;
    if (!view.done.has(offset) && (!options.registeredOnly || view.registered.has(offset))) candidates.push(chunk);
  }
  if (candidates.length === 0) return groupWhole(view, ctx.layout) || groupCoverage(view) ? promoteGroup(ctx, videoId, view) : undefined;
  const chunks = await batchGetConsistent(ctx.table, candidates.map((chunk) => chunkKey(videoId, chunk)));
  ctx.faults.step('after-repair-read', videoId);
  let latest: Item | undefined;
  for (const chunk of candidates) {
    const chunkView = viewChunk(chunks.get(chunkKey(videoId, chunk)), chunk);
    options.observe?.(chunkView);
    if (chunkWhole(chunkView, ctx.layout)) latest = (await promoteChunk(ctx, videoId, chunkView)) ?? latest;
  }
  return latest;
}
