// Lambda entry point of the failed-frame recorder (serverless: recordFailedFrames), subscribed to
// the failure topic. Only TRACKING_TABLE and LOG_LEVEL: it has no bucket and no event bus, and its
// bundle no S3 or EventBridge client (recording-setup.ts).
import { recordingFunction } from './recording-setup';
import { createFailedFrameRecorder } from './failed-frames';

export const handler = createFailedFrameRecorder(recordingFunction());
