// Publishing a video's edge video outcome, once it is recorded on the item (Outbox =
// stitch-publish): video.json with the edgeVideo section, one event, the `.stitch/` work objects
// deleted, then the outbox moves to stitch-recheck. Each step is safe to repeat and everything
// published is built from the item, so a crash anywhere here means the same bytes go out again.
import type { Item } from '../../tracking/items';
import { EVENT_SOURCE, RECORD_NAME } from '../../tracking/publish';
import { stitchPrefix } from '../segment-format';
import type { StitchContext } from './context';
import { stitchedRecord, stitchedRecordJson, type StitchedVideoRecord } from './record';
import { deletePrefix, putText } from './s3';
import { SA, STITCH_OUTBOX } from './state';
import { moveOutbox, outboxOf } from './video-item';

export const EDGE_VIDEO_CREATED = 'Edge Video Created';
export const EDGE_VIDEO_NOT_CREATED = 'Edge Video Not Created';

export const recordKey = (videoId: string) => `${videoId}/${RECORD_NAME}`;

/** Writes `<videoId>/video.json` from the item. */
export async function writeRecord(ctx: StitchContext, videoId: string, item: Item): Promise<StitchedVideoRecord> {
  const record = stitchedRecord(videoId, item);
  await putText(ctx.s3, ctx.bucket, recordKey(videoId), stitchedRecordJson(record), 'application/json');
  return record;
}

/** Publishes a video whose outbox is stitch-publish; does nothing for any other state. */
export async function publishStitch(ctx: StitchContext, videoId: string, item: Item): Promise<StitchedVideoRecord | undefined> {
  if (outboxOf(item) !== STITCH_OUTBOX.publish) return undefined;
  const record = await writeRecord(ctx, videoId, item);
  ctx.faults.step('after-stitch-json', videoId);
  const created = record.edgeVideo.status === 'created';
  await ctx.events.publish({ source: EVENT_SOURCE, detailType: created ? EDGE_VIDEO_CREATED : EDGE_VIDEO_NOT_CREATED, detail: record });
  ctx.faults.step('after-stitch-event', videoId);
  const deleted = await deletePrefix(ctx.s3, ctx.bucket, stitchPrefix(videoId));
  ctx.faults.step('after-cleanup', videoId);
  await moveOutbox(ctx, videoId, STITCH_OUTBOX.publish, STITCH_OUTBOX.recheck, {
    set: '#published = if_not_exists(#published, :now)',
    names: { '#published': SA.publishedAt },
    values: {},
  });
  ctx.faults.step('after-publish-outbox', videoId);
  ctx.log.info('edge video published', { videoId, status: record.edgeVideo.status, workObjectsDeleted: deleted });
  return record;
}
