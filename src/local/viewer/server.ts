// The local stack's viewer (`npm start` serves it on http://127.0.0.1:4571/): a node:http server
// whose pages show every video's progress, a video's edge video beside its source frames, and take
// uploads. It reads only through the stack's own S3 endpoint and DynamoDB table: no state of its own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListenError } from '../../core/errors';
import { createS3Client } from '../../lambda/s3-client';
import type { FrameKeyRule } from '../../tracking/frame-key';
import { LOCAL_REGION } from '../buckets';
import { S3RVER_CREDENTIALS } from '../s3-server';
import { SYSTEM_FFMPEG, type FfmpegTools } from './ffmpeg';
import { route } from './routes';

export interface ViewerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  s3Endpoint: string;
  dynamo: DynamoDBClient;
  tableName: string;
  frameKeys: FrameKeyRule;
  /** The ffmpeg and ffprobe that turn an uploaded video file into frames (default: those on PATH). */
  ffmpeg?: FfmpegTools;
}

export interface RunningViewer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export async function startViewer(options: ViewerOptions): Promise<RunningViewer> {
  // Uploads are held whole while checked: no per-request timeout cuts a large one short.
  const s3 = createS3Client({ forcePathStyle: true }, { endpoint: options.s3Endpoint, region: LOCAL_REGION, credentials: S3RVER_CREDENTIALS }, { maxAttempts: 3, connectionTimeoutMs: 3_000, socketTimeoutMs: 60_000 });
  const context = { s3, table: { client: options.dynamo, name: options.tableName }, frameKeys: options.frameKeys, ffmpeg: options.ffmpeg ?? SYSTEM_FFMPEG };
  const server: Server = createServer({ requestTimeout: 0 }, (request, response) => void route(context, request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(ListenError.from(error, options.host, options.port, '--ui-port')));
    server.listen(options.port, options.host, () => resolve());
  }).catch((error) => {
    s3.destroy();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${options.host}:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      s3.destroy();
    },
  };
}
