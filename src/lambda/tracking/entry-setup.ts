// What a publishing tracking function's entry point builds once, at cold start, from its
// environment: validated settings, the logger (as the tracker's log too), the S3 client and the
// output bucket for `<videoId>/video.json`, and the tracker. A ConfigError here fails the cold
// start, naming the variable. (The recorder, which never publishes: recording-setup.ts.)
import type { S3Client } from '@aws-sdk/client-s3';
import type { Env } from '../config';
import { createLogger, createMetrics, trackingLog } from '../observability';
import { createS3Client } from '../s3-client';
import { createTracker } from '../tracking-setup';
import { readFunctionConfig, readOutputBucket } from './function-config';
import { createReport } from './report';
import type { FunctionSetup } from './recording-setup';

export type { FunctionSetup } from './recording-setup';

/** A function that publishes the videos it completes (and may read the input bucket with `s3`). */
export function publishingFunction(env: Env = process.env): FunctionSetup & { s3: S3Client } {
  const config = readFunctionConfig(env);
  const outputBucket = readOutputBucket(env);
  const log = trackingLog(createLogger(config.logLevel));
  const s3 = createS3Client(config);
  return { s3, tracker: createTracker(config.tracking, { publishTo: { s3, outputBucket }, log }), report: createReport(log, createMetrics()) };
}
