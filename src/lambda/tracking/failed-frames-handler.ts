// Lambda entry point of the failed-frame recorder (serverless: recordFailedFrames), subscribed to
// the failure topic. Only TRACKING_TABLE and LOG_LEVEL: it has no bucket and no event bus.
import { createLogger, createMetrics, trackingLog } from '../observability';
import { createTracker } from '../tracking-setup';
import { createFailedFrameRecorder } from './failed-frames';
import { readFunctionConfig } from './function-config';
import { createReport } from './report';

const config = readFunctionConfig(process.env);
const log = trackingLog(createLogger(config.logLevel));

export const handler = createFailedFrameRecorder({
  tracker: createTracker(config.tracking, { log }),
  report: createReport(log, createMetrics()),
});
