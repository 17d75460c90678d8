// Lambda entry point of the manifest function (serverless: recordManifest). Settings are read and
// validated once, at cold start (TRACKING_TABLE, OUTPUT_BUCKET, LOG_LEVEL).
import { createLogger, createMetrics, trackingLog } from '../observability';
import { createS3Client } from '../s3-client';
import { createTracker } from '../tracking-setup';
import { readFunctionConfig, readOutputBucket } from './function-config';
import { createManifestHandler } from './manifest';
import { createReport } from './report';

const config = readFunctionConfig(process.env);
const outputBucket = readOutputBucket(process.env);
const log = trackingLog(createLogger(config.logLevel));
const s3 = createS3Client(config);

export const handler = createManifestHandler({
  s3,
  tracker: createTracker(config.tracking, { publishTo: { s3, outputBucket }, log }),
  report: createReport(log, createMetrics()),
});
