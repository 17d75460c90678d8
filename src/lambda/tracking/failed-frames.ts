// The failed-frame recorder: the frame function's on-failure destination records (through the
// failure topic) name frames that failed for good; each is recorded as failed for its video, so
// the video still completes, as complete_with_failures. It may not write to S3 nor publish: a
// video it completes stays in the outbox and the sweeper publishes it.
import type { Tracker } from '../../tracking/tracker';
import { failedFramesOf, type FailedFrame } from './destination-record';
import { eachItem, type ItemOutcome } from './each-item';
import type { TrackingReport } from './report';

export interface RecorderDeps {
  tracker: Pick<Tracker, 'frameFailed'>;
  report: TrackingReport;
}

export type RecorderHandler = (event: unknown) => Promise<ItemOutcome>;

export function createFailedFrameRecorder(deps: RecorderDeps): RecorderHandler {
  return async (event) => {
    const { frames, problems } = failedFramesOf(event);
    for (const problem of problems) deps.report.log.error('destination record not understood', { reason: problem });
    return eachItem(frames, (frame) => `${frame.bucket}/${frame.key}`, (frame) => record(deps, frame), deps.report);
  };
}

async function record(deps: RecorderDeps, frame: FailedFrame): Promise<void> {
  const result = await deps.tracker.frameFailed(frame.key, frame.reason);
  if (!result.tracked) return; // the tracker logged why
  deps.report.log.info('failed frame recorded', { key: frame.key, reason: frame.reason, videoId: result.videoId, chunkFrames: `${result.chunkFrames}/${result.chunkExpected}` });
  if (result.video) deps.report.progress('video after the failed frame', result.videoId, result.video);
}
