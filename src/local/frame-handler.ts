// The frame function's handler as src/lambda/handler.ts builds it at a cold start (the environment
// read and validated once), except that its tracker hands published videos on to the edge video
// (handing-on-tracker.ts), as the frame accounting must wherever the stitch runs.
import { readConfig } from '../lambda/config';
import { createHandler } from '../lambda/dispatch';
import { createLogger, createObserver, trackingLog } from '../lambda/observability';
import { createS3Client } from '../lambda/s3-client';
import { handingOnTracker } from './handing-on-tracker';

const config = readConfig(process.env);
const logger = createLogger(config.logLevel);
const s3 = createS3Client(config);

export const handler = createHandler({
  config,
  s3,
  observer: createObserver(config.logLevel, process.env, logger),
  tracking: config.tracking && handingOnTracker(config.tracking, { publishTo: { s3, outputBucket: config.outputBucket }, log: trackingLog(logger) }),
});
