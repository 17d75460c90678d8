// Lambda entry point of the sweeper (serverless: sweepVideos, on an EventBridge schedule).
// TRACKING_TABLE, OUTPUT_BUCKET (it publishes), SWEEP_PUBLISH_GRACE_SECONDS,
// SWEEP_RECONCILE_GRACE_SECONDS, LOG_LEVEL.
import { createLogger, createMetrics, trackingLog } from '../observability';
import { createS3Client } from '../s3-client';
import { createTracker } from '../tracking-setup';
import { readFunctionConfig, readOutputBucket, readSweepGrace } from './function-config';
import { createReport } from './report';
import { createSweeperHandler } from './sweeper';

const config = readFunctionConfig(process.env);
const outputBucket = readOutputBucket(process.env);
const grace = readSweepGrace(process.env);
const log = trackingLog(createLogger(config.logLevel));
const s3 = createS3Client(config);

export const handler = createSweeperHandler({
  tracker: createTracker(config.tracking, { publishTo: { s3, outputBucket }, log }),
  grace,
  report: createReport(log, createMetrics()),
});
