// The MediaConvert function: an EventBridge "MediaConvert Job State Change" event with status
// COMPLETE (the rule matches only those) records the total of each frame capture output, counted
// by listing its folder (src/tracking/frame-counter.ts). Only the input bucket is listed: the
// function may list nothing else, and an output elsewhere belongs to another pipeline.
import { FrameCountError } from '../../tracking/errors';
import type { ListPage, ObjectLister } from '../../tracking/frame-counter';
import { parseMediaConvertEvent } from '../../tracking/mediaconvert';
import type { Tracker } from '../../tracking/tracker';
import { eachItem, type ItemOutcome } from './each-item';
import type { TrackingReport } from './report';

export interface MediaConvertDeps {
  tracker: Pick<Tracker, 'mediaConvertEvent'>;
  lister: ObjectLister;
  inputBucket: string;
  report: TrackingReport;
}

export type MediaConvertHandler = (event: unknown) => Promise<ItemOutcome>;

export function createMediaConvertHandler(deps: MediaConvertDeps): MediaConvertHandler {
  const lister = new InputBucketLister(deps.lister, deps.inputBucket);
  return (event) => eachItem([event], () => 'MediaConvert event', async () => {
    const progress = await deps.tracker.mediaConvertEvent(event, lister);
    const outcome = parseMediaConvertEvent(event);
    const videoIds = outcome.status === 'complete' ? outcome.outputs.map((output) => output.videoId) : [];
    if (outcome.status === 'ignored') deps.report.log.info('MediaConvert event ignored', { jobId: outcome.jobId, reason: outcome.reason });
    progress.forEach((video, i) => deps.report.progress('MediaConvert total recorded', videoIds[i], video));
  }, deps.report);
}

/** Lists the input bucket only; any other bucket is refused (a permanent error, logged). */
class InputBucketLister implements ObjectLister {
  constructor(
    private readonly inner: ObjectLister,
    private readonly bucket: string,
  ) {}

  listPage(bucket: string, prefix: string, next?: string): Promise<ListPage> {
    if (bucket !== this.bucket) {
      return Promise.reject(new FrameCountError(`the job wrote its frames to bucket ${bucket}, not to the input bucket ${this.bucket}: not counted`, `s3://${bucket}/${prefix}`));
    }
    return this.inner.listPage(bucket, prefix, next);
  }
}
