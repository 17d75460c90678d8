// The join (invoked by the worker that passed the join-ready point, again by a redelivery or the
// sweeper): joinSegments writes `<videoId>/edges.mp4` whole or not at all, with the same bytes on
// every run; then ONE conditional write records the outcome "created" (the stitched point) with
// the file's figures, and the outcome is published. A join that finds the outcome recorded only
// finishes publishing; two joins racing write identical bytes and only one passes the point.
import { N, S, num, updateIf, type Item } from '../../tracking/items';
import { A, videoKey } from '../../tracking/table';
import { FrameRateError, ParameterSetError, SampleIndexError, SegmentMismatchError } from '../errors';
import { joinSegments, type JoinResult } from '../join';
import type { StitchContext } from './context';
import { publishStitch } from './publish';
import { refuseStitch } from './refuse';
import { SA, STITCH_OUTBOX } from './state';
import type { StitchTask } from './tasks';
import { outcomeOf, planIdOf, readVideo, segmentsOf } from './video-item';

type JoinTask = Extract<StitchTask, { kind: 'join' }>;

export type JoinStepResult = 'stitched' | 'already-finished' | 'refused' | 'not-ready' | 'stale';

/** Errors that say the segments can never be joined (as opposed to S3 trouble worth a retry). */
const PERMANENT = [SegmentMismatchError, ParameterSetError, SampleIndexError, FrameRateError];

export async function runJoin(ctx: StitchContext, task: JoinTask): Promise<JoinStepResult> {
  const { videoId } = task;
  const video = await readVideo(ctx, videoId);
  if (!video || planIdOf(video) !== task.planId) {
    ctx.log.warn('join for no recorded plan: dropped', { videoId, planId: task.planId });
    return 'stale';
  }
  if (outcomeOf(video)) return finishPublishing(ctx, videoId, video);
  if (!video[SA.joinReadyAt]) {
    ctx.log.warn('join invoked before every segment was done: nothing to do yet', { videoId });
    return 'not-ready';
  }
  let joined: JoinResult;
  try {
    joined = await joinSegments({
      s3: ctx.s3, bucket: ctx.bucket, videoId, segmentCount: segmentsOf(video), expectedFrames: num(video, A.total), warn: (message) => ctx.log.warn(message),
    });
  } catch (error) {
    const latest = await readVideo(ctx, videoId);
    if (latest && outcomeOf(latest)) return finishPublishing(ctx, videoId, latest); // another join finished and cleaned up
    if (PERMANENT.some((kind) => error instanceof kind)) {
      await refuseStitch(ctx, videoId, `the segments cannot be joined: ${(error as Error).message}`);
      return 'refused';
    }
    throw error;
  }
  ctx.faults.step('after-join-upload', videoId);
  const stitched = await recordStitched(ctx, videoId, joined);
  if (!stitched) return finishPublishing(ctx, videoId, (await readVideo(ctx, videoId)) ?? {});
  ctx.faults.step('after-stitched', videoId);
  ctx.log.info('edge video stitched', { videoId, key: joined.key, bytes: joined.bytes, frames: joined.frameCount, segments: joined.segmentCount });
  await publishStitch(ctx, videoId, stitched);
  return 'stitched';
}

/** The stitched point: outcome "created" and the file's figures, once per video. */
function recordStitched(ctx: StitchContext, videoId: string, joined: JoinResult): Promise<Item | undefined> {
  return updateIf(ctx.table, videoKey(videoId), {
    UpdateExpression: 'SET #outcome = :created, #at = :now, #bytes = :bytes, #width = :width, #height = :height, #codec = :codec, #outbox = :publish, #since = :now',
    ConditionExpression: 'attribute_not_exists(#outcome)',
    ExpressionAttributeNames: {
      '#outcome': SA.outcome, '#at': SA.outcomeAt, '#bytes': SA.bytes, '#width': SA.displayWidth, '#height': SA.displayHeight, '#codec': SA.codec,
      '#outbox': A.outbox, '#since': A.outboxSince,
    },
    ExpressionAttributeValues: {
      ':created': S('created'), ':now': N(ctx.now()), ':bytes': N(joined.bytes), ':width': N(joined.width), ':height': N(joined.height),
      ':codec': S(joined.codec), ':publish': S(STITCH_OUTBOX.publish),
    },
  });
}

async function finishPublishing(ctx: StitchContext, videoId: string, video: Item): Promise<JoinStepResult> {
  await publishStitch(ctx, videoId, video);
  return 'already-finished';
}
