// Lambda entry point of the table-totals function (serverless: adoptTableTotals), on the existing
// jobs table's DynamoDB stream. TRACKING_TABLE, OUTPUT_BUCKET (it publishes), LOG_LEVEL.
import { createLogger, createMetrics, trackingLog } from '../observability';
import { createS3Client } from '../s3-client';
import { createTracker } from '../tracking-setup';
import { readFunctionConfig, readOutputBucket } from './function-config';
import { createReport } from './report';
import { createTableTotalsHandler } from './table-totals';

const config = readFunctionConfig(process.env);
const outputBucket = readOutputBucket(process.env);
const log = trackingLog(createLogger(config.logLevel));
const s3 = createS3Client(config);

export const handler = createTableTotalsHandler({
  tracker: createTracker(config.tracking, { publishTo: { s3, outputBucket }, log }),
  report: createReport(log, createMetrics()),
});
