// A MediaConvert job's totals: each frame capture output is listed on its own (capture-listing.ts)
// and its total recorded for its video as the source "mediaconvert"; an output whose frames
// cannot be a whole capture (a gap, fewer than the job says) is refused with the reason, which is
// logged and kept on the video item (fp_TotalProblem, shown by status and the stall reason),
// while the job's other outputs are still recorded. A listing that runs out of time is stored on
// the video item (which enters the outbox, so the sweeper goes on with it) and resumed from there.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { continueListing, isListingAttribute, listingAttribute, listingItem, listingOf, type ListingBudget, type ListingState, type ObjectLister } from './capture-listing';
import type { TrackingContext } from './context';
import { FrameCountError } from './errors';
import { S, N, getConsistent, updateAllNew, type Item } from './items';
import type { CaptureOutput } from './mediaconvert';
import { settle, type VideoProgress } from './settle';
import { A, OUTBOX, videoKey } from './table';
import { writeTotal } from './totals';

export type CaptureOutcome =
  | { output: CaptureOutput; kind: 'recorded'; totalFrames: number; progress: VideoProgress }
  | { output: CaptureOutput; kind: 'paused' }
  | { output: CaptureOutput; kind: 'refused'; reason: string };

/** Lists (or goes on listing) one output and records what it found. */
export async function recordCapture(ctx: TrackingContext, start: ListingState, lister: ObjectLister, budget: ListingBudget): Promise<CaptureOutcome> {
  const { output } = start;
  const attribute = listingAttribute(output);
  const result = await continueListing(lister, start, budget).catch((error: unknown) => {
    if (error instanceof FrameCountError) return { kind: 'refused' as const, reason: error.message, state: start };
    throw error;
  });
  if (result.kind === 'paused') {
    await saveListing(ctx, result.state, attribute);
    ctx.log.info('MediaConvert listing paused: it goes on in the next invocation', { videoId: output.videoId, name: output.name, marker: result.state.marker, last: result.state.last });
    return { output, kind: 'paused' };
  }
  if (result.kind === 'refused') {
    const reason = `MediaConvert job ${start.jobId}, output ${output.name}: ${result.reason}`;
    ctx.log.error('MediaConvert output not counted', { videoId: output.videoId, bucket: output.bucket, reason });
    await updateAllNew(ctx.table, videoKey(output.videoId), {
      UpdateExpression: 'SET #problem = :reason REMOVE #listing',
      ExpressionAttributeNames: { '#problem': A.totalProblem, '#listing': attribute },
      ExpressionAttributeValues: { ':reason': S(reason) },
    });
    return { output, kind: 'refused', reason };
  }
  const video = await writeTotal(ctx, { videoId: output.videoId, totalFrames: result.totalFrames, frameRate: start.frameRate, source: 'mediaconvert' });
  const progress = await settle(ctx, output.videoId, video);
  await updateAllNew(ctx.table, videoKey(output.videoId), { UpdateExpression: 'REMOVE #listing', ExpressionAttributeNames: { '#listing': attribute } });
  return { output, kind: 'recorded', totalFrames: result.totalFrames, progress };
}

/** The state to list `output` from: its stored listing for the same job, or the start. */
export async function listingStart(ctx: TrackingContext, output: CaptureOutput, jobId: string, frameRate: number): Promise<ListingState> {
  const video = await getConsistent(ctx.table, videoKey(output.videoId));
  const saved = listingOf(output.videoId, video?.[listingAttribute(output)]);
  return saved && saved.jobId === jobId ? saved : { output, jobId, frameRate };
}

/** Listings a video item holds, paused by earlier invocations. */
export function pausedListings(videoId: string, video: Item): ListingState[] {
  return Object.entries(video).flatMap(([name, value]) => (isListingAttribute(name) ? [listingOf(videoId, value)].filter((state) => state !== undefined) : []));
}

async function saveListing(ctx: TrackingContext, state: ListingState, attribute: string): Promise<void> {
  try {
    await updateAllNew(ctx.table, videoKey(state.output.videoId), {
      UpdateExpression: 'SET #listing = :state, #outbox = :reconcile, #since = if_not_exists(#since, :now)',
      ConditionExpression: 'attribute_not_exists(#completed)',
      ExpressionAttributeNames: { '#listing': attribute, '#outbox': A.outbox, '#since': A.outboxSince, '#completed': A.completedAt },
      ExpressionAttributeValues: { ':state': listingItem(state), ':reconcile': S(OUTBOX.reconcile), ':now': N(ctx.now()) },
    });
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    ctx.log.warn('MediaConvert listing dropped: the video completed meanwhile', { videoId: state.output.videoId });
  }
}
