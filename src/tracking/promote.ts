// The writes that carry a chunk's state up to its group and the group's up to the video item, each
// answering with the whole item after it (ALL_NEW) so that its caller acts on what it sees:
//  - registration: the first frames of a chunk add it to its group's chunks, and the first chunk
//    of a group adds the group to the video's groups; that write also puts the video in the
//    outbox (reconcile) so that the sweeper watches it from its first frame;
//  - promotion: a whole chunk is added to its group's done chunks, a whole group to the video's
//    done groups; an edge chunk or group whose bounds are all in is recorded covered (a token).
// All are ADDs to sets (or SETs of the same value): a redelivery repeats them harmlessly and
// gets a fresh answer.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { groupCoverage, groupWhole, viewGroup, type ChunkView, type GroupView } from './chunks';
import type { TrackingContext } from './context';
import { BOOL, N, NS, S, SS, updateAllNew, type Item, type Table } from './items';
import { groupOf } from './ranges';
import { A, C, G, OUTBOX, chunkKey, groupKey, videoKey } from './table';

/** Adds a chunk to its group (and the group to the video if it is new there); the video item if it was written. */
export async function registerChunk(ctx: TrackingContext, videoId: string, chunk: number): Promise<Item | undefined> {
  const group = groupOf(chunk, ctx.layout);
  const item = await updateAllNew(ctx.table, groupKey(videoId, group), {
    UpdateExpression: 'ADD #chunks :offset SET #updated = :now',
    ExpressionAttributeNames: { '#chunks': G.chunks, '#updated': G.updatedAt },
    ExpressionAttributeValues: { ':offset': NS(chunk - group * ctx.layout.groupSize), ':now': N(ctx.now()) },
  });
  ctx.faults.step('after-chunk-register', videoId);
  let video: Item | undefined;
  if (!viewGroup(item, group).isRegistered) {
    video = await registerGroup(ctx, videoId, group);
    await markRegistered(ctx.table, groupKey(videoId, group), G.registered);
  }
  await markRegistered(ctx.table, chunkKey(videoId, chunk), C.registered);
  return video;
}

async function registerGroup(ctx: TrackingContext, videoId: string, group: number): Promise<Item> {
  const now = ctx.now();
  const names = { '#groups': A.groups, '#progress': A.progressAt, '#started': A.startedAt };
  let video: Item;
  try {
    // Before completion the outbox is absent or already "reconcile": nothing else is overwritten.
    video = await updateAllNew(ctx.table, videoKey(videoId), {
      UpdateExpression: 'ADD #groups :group SET #progress = :now, #started = if_not_exists(#started, :now), #outbox = :reconcile, #since = if_not_exists(#since, :now)',
      ConditionExpression: 'attribute_not_exists(#completed)',
      ExpressionAttributeNames: { ...names, '#outbox': A.outbox, '#since': A.outboxSince, '#completed': A.completedAt },
      ExpressionAttributeValues: { ':group': NS(group), ':now': N(now), ':reconcile': S(OUTBOX.reconcile) },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Frames after completion (out of range, or a replay): registered, the outbox left as it is.
    video = await updateAllNew(ctx.table, videoKey(videoId), {
      UpdateExpression: 'ADD #groups :group SET #progress = :now, #started = if_not_exists(#started, :now)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':group': NS(group), ':now': N(now) },
    });
  }
  ctx.faults.step('after-group-register', videoId);
  return video;
}

async function markRegistered(table: Table, id: string, attribute: string): Promise<void> {
  await updateAllNew(table, id, { UpdateExpression: 'SET #reg = :true', ExpressionAttributeNames: { '#reg': attribute }, ExpressionAttributeValues: { ':true': BOOL(true) } });
}

/** A whole chunk goes into its group's done chunks; the video item if the group was then promoted. */
export async function promoteChunk(ctx: TrackingContext, videoId: string, view: ChunkView): Promise<Item | undefined> {
  const group = groupOf(view.chunk, ctx.layout);
  const withFailures = view.failedOnly.size > 0;
  const item = await updateAllNew(ctx.table, groupKey(videoId, group), {
    UpdateExpression: `ADD #done :offset${withFailures ? ', #failed :offset' : ''} SET #updated = :now`,
    ExpressionAttributeNames: { '#done': G.done, '#updated': G.updatedAt, ...(withFailures ? { '#failed': G.failed } : {}) },
    ExpressionAttributeValues: { ':offset': NS(view.chunk - group * ctx.layout.groupSize), ':now': N(ctx.now()) },
  });
  ctx.faults.step('after-promote', videoId);
  return promoteGroup(ctx, videoId, viewGroup(item, group));
}

/** A whole group goes into the video's done groups, an edge group all in is recorded covered. */
export async function promoteGroup(ctx: TrackingContext, videoId: string, view: GroupView): Promise<Item | undefined> {
  const failedGroup = view.failed.size > 0 ? view.group : undefined;
  let video: Item | undefined;
  if (groupWhole(view, ctx.layout)) {
    video = await updateAllNew(ctx.table, videoKey(videoId), {
      UpdateExpression: `ADD #done :group${failedGroup === undefined ? '' : ', #failed :group'} SET #progress = :now`,
      ExpressionAttributeNames: { '#done': A.doneGroups, '#progress': A.progressAt, ...(failedGroup === undefined ? {} : { '#failed': A.failedGroups }) },
      ExpressionAttributeValues: { ':group': NS(view.group), ':now': N(ctx.now()) },
    });
    ctx.faults.step('after-group-promote', videoId);
  }
  const token = groupCoverage(view);
  return token ? cover(ctx, videoId, token, failedGroup) : video;
}

/**
 * Records that an edge chunk or group is all in (and, for a group holding failures, that it does).
 * Not progress by itself (the sweeper's repair repeats it): the frames' own writes are.
 */
export async function cover(ctx: TrackingContext, videoId: string, token: string, failedGroup?: number): Promise<Item> {
  const video = await updateAllNew(ctx.table, videoKey(videoId), {
    UpdateExpression: `ADD #covered :token${failedGroup === undefined ? '' : ', #failed :group'}`,
    ExpressionAttributeNames: { '#covered': A.covered, ...(failedGroup === undefined ? {} : { '#failed': A.failedGroups }) },
    ExpressionAttributeValues: { ':token': SS(token), ...(failedGroup === undefined ? {} : { ':group': NS(failedGroup) }) },
  });
  ctx.faults.step('after-cover', videoId);
  return video;
}
