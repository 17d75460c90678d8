// What every stitch function's entry point builds once, at cold start, from its environment:
// validated settings (a ConfigError here fails the cold start, naming the variable), the logger,
// and one StitchService over the DynamoDB, S3 and Lambda clients. Tests and the local stack pass
// clients of their own (local servers); the functions use the SDK's, with bounded retries.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { TrackingLog } from '../../tracking/context';
import { LambdaInvoker, StitchService } from '../../video/stitch';
import type { Env } from '../config';
import { createLogger, trackingLog } from '../observability';
import { createS3Client } from '../s3-client';
import { createDynamoClient, createEventPublisher, DYNAMODB_CLIENT_LIMITS } from '../tracking-setup';
import { readStitchFunctionConfig, type StitchFunctionConfig } from './function-config';

export interface StitchSetup {
  service: StitchService;
  log: TrackingLog;
}

export interface StitchClients {
  dynamo?: DynamoDBClient;
  s3?: S3Client;
  lambda?: LambdaClient;
  log?: TrackingLog;
}

/** A stitch function from its environment (`clients`: the caller's own, for tests). */
export function stitchFunction(env: Env = process.env, clients: StitchClients = {}): StitchSetup {
  return createStitchSetup(readStitchFunctionConfig(env), clients);
}

export function createStitchSetup(config: StitchFunctionConfig, clients: StitchClients = {}): StitchSetup {
  const log = clients.log ?? trackingLog(createLogger(config.logLevel));
  const invoker = new LambdaInvoker(clients.lambda ?? createLambdaClient(), config.functions);
  const service = new StitchService({
    dynamo: clients.dynamo ?? createDynamoClient(),
    tableName: config.tracking.tableName,
    s3: clients.s3 ?? createS3Client(config),
    bucket: config.outputBucket,
    invoker,
    events: createEventPublisher(config.tracking),
    settings: config.settings,
    log,
    frameKeys: config.tracking.frameKeys,
  });
  return { service, log };
}

/** The endpoint comes from the SDK's own AWS_ENDPOINT_URL_LAMBDA handling; the limits are DynamoDB's. */
export function createLambdaClient(): LambdaClient {
  const { maxAttempts, connectionTimeoutMs, socketTimeoutMs } = DYNAMODB_CLIENT_LIMITS;
  return new LambdaClient({ maxAttempts, requestHandler: { connectionTimeout: connectionTimeoutMs, socketTimeout: socketTimeoutMs } });
}
