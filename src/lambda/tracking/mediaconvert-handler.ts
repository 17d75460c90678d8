// Lambda entry point of the MediaConvert function (serverless: recordMediaConvertTotal), the
// target of the EventBridge rule for COMPLETE jobs. TRACKING_TABLE, INPUT_BUCKET (listed),
// OUTPUT_BUCKET (video.json), LOG_LEVEL.
import { S3Lister } from '../../tracking/s3-objects';
import { publishingFunction } from './entry-setup';
import { readInputBucket } from './function-config';
import { createMediaConvertHandler } from './mediaconvert';

const setup = publishingFunction();

export const handler = createMediaConvertHandler({ ...setup, lister: new S3Lister(setup.s3), inputBucket: readInputBucket(process.env) });
