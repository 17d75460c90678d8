// The MediaConvert function: an EventBridge "MediaConvert Job State Change" event with status
// COMPLETE (the rule matches only those) records the total of each frame capture output, counted
// by listing it (src/tracking/capture-listing.ts). Only the input bucket is listed: the function
// may list nothing else, and an output elsewhere belongs to another pipeline. A listing still
// going when the invocation has LISTING_RESERVE_MS left is stored and the sweeper goes on with it.
import type { Context } from 'aws-lambda';
import type { ListPage, ObjectLister } from '../../tracking/capture-listing';
import { FrameCountError } from '../../tracking/errors';
import { parseMediaConvertEvent } from '../../tracking/mediaconvert';
import type { Tracker } from '../../tracking/tracker';
import { eachItem, type ItemOutcome } from './each-item';
import type { TrackingReport } from './report';

/** Time kept in hand when a listing pauses: enough to store its state and report. */
export const LISTING_RESERVE_MS = 30_000;

export interface MediaConvertDeps {
  tracker: Pick<Tracker, 'mediaConvertEvent'>;
  lister: ObjectLister;
  inputBucket: string;
  report: TrackingReport;
}

export type MediaConvertHandler = (event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<ItemOutcome>;

export function createMediaConvertHandler(deps: MediaConvertDeps): MediaConvertHandler {
  const lister = new InputBucketLister(deps.lister, deps.inputBucket);
  return (event, context) => eachItem([event], () => 'MediaConvert event', async () => {
    const outcome = parseMediaConvertEvent(event);
    if (outcome.status === 'ignored') deps.report.log.info('MediaConvert event ignored', { jobId: outcome.jobId, reason: outcome.reason });
    for (const result of await deps.tracker.mediaConvertEvent(event, lister, listingBudget(context))) {
      const { videoId, name } = result.output;
      if (result.kind === 'recorded') deps.report.progress('MediaConvert total recorded', videoId, result.progress);
      else if (result.kind === 'paused') deps.report.log.info('MediaConvert listing continues in the sweeper', { videoId, name });
      else deps.report.log.error('MediaConvert output refused', { videoId, name, reason: result.reason });
    }
  }, deps.report);
}

/** Another page while the invocation has more than LISTING_RESERVE_MS left (always, without a context). */
export function listingBudget(context?: Pick<Context, 'getRemainingTimeInMillis'>): () => boolean {
  return () => context === undefined || context.getRemainingTimeInMillis() > LISTING_RESERVE_MS;
}

/** Lists the input bucket only; an output in another bucket is refused (that output alone). */
export class InputBucketLister implements ObjectLister {
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
