// Lambda entry point of the MediaConvert function (serverless: recordMediaConvertTotal), the
// target of the EventBridge rule for COMPLETE jobs. TRACKING_TABLE, INPUT_BUCKET (listed),
// OUTPUT_BUCKET (video.json), LOG_LEVEL.
import { S3Lister } from '../../tracking/s3-objects';
import { createLogger, createMetrics, trackingLog } from '../observability';
import { createS3Client } from '../s3-client';
import { createTracker } from '../tracking-setup';
import { readFunctionConfig, readInputBucket, readOutputBucket } from './function-config';
import { createMediaConvertHandler } from './mediaconvert';
import { createReport } from './report';

const config = readFunctionConfig(process.env);
const inputBucket = readInputBucket(process.env);
const outputBucket = readOutputBucket(process.env);
const log = trackingLog(createLogger(config.logLevel));
const s3 = createS3Client(config);

export const handler = createMediaConvertHandler({
  tracker: createTracker(config.tracking, { publishTo: { s3, outputBucket }, log }),
  lister: new S3Lister(s3),
  inputBucket,
  report: createReport(log, createMetrics()),
});
