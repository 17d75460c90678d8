// The Lambda entry point (serverless.yml: src/lambda/handler.handler), for S3 events and S3 Batch
// Operations alike (dispatch.ts). Runs once per container, at cold start: the environment is
// validated here (a ConfigError names the variable and its value and fails the init), and the S3
// client, observer and (with TRACKING_TABLE) tracker are created for every invocation to reuse.
// The WebAssembly kernel is created on the first frame and reused likewise (src/wasm/instance.ts).
import { readConfig } from './config';
import { createHandler } from './dispatch';
import { createLogger, createObserver, trackingLog } from './observability';
import { createS3Client } from './s3-client';
import { createTracker } from './tracking-setup';

const config = readConfig(process.env);
const logger = createLogger(config.logLevel);
const s3 = createS3Client(config);

export const handler = createHandler({
  config,
  s3,
  observer: createObserver(config.logLevel, process.env, logger),
  tracking: config.tracking && createTracker(config.tracking, { publishTo: { s3, outputBucket: config.outputBucket }, log: trackingLog(logger) }),
});
