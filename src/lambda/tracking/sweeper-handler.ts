// Lambda entry point of the sweeper (serverless: sweepVideos, on an EventBridge schedule).
// TRACKING_TABLE, OUTPUT_BUCKET (it publishes), INPUT_BUCKET (it goes on with MediaConvert
// listings there), SWEEP_PUBLISH_GRACE_SECONDS, SWEEP_RECONCILE_GRACE_SECONDS, VIDEO_STALL_AFTER,
// FRAME_KEY_PATTERN, LOG_LEVEL.
import { createLogger, createMetrics, trackingLog } from '../observability';
import { createS3Client } from '../s3-client';
import { createTracker } from '../tracking-setup';
import { S3Lister } from '../../tracking/s3-objects';
import { readFunctionConfig, readInputBucket, readOutputBucket, readStallAfter, readSweepGrace } from './function-config';
import { InputBucketLister } from './mediaconvert';
import { createReport } from './report';
import { createSweeperHandler } from './sweeper';

const config = readFunctionConfig(process.env);
const outputBucket = readOutputBucket(process.env);
const s3 = createS3Client(config);
const lister = new InputBucketLister(new S3Lister(s3), readInputBucket(process.env));
const log = trackingLog(createLogger(config.logLevel));

export const handler = createSweeperHandler({
  tracker: createTracker(config.tracking, { publishTo: { s3, outputBucket }, log, lister }),
  grace: { ...readSweepGrace(process.env), stallAfterMs: readStallAfter(process.env) },
  report: createReport(log, createMetrics()),
});
