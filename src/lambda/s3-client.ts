// The function's S3 client: how it retries and when it gives up.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { HandlerConfig } from './config';

/**
 * How the S3 client retries and gives up. Every failure here fails the frame, and so the
 * invocation, which Lambda retries: the client only needs to ride out brief blips, and must
 * never hold a frame until the 120 s function timeout.
 */
export interface S3ClientLimits {
  /**
   * Attempts per request (the SDK's standard retry mode): 500/502/503/504, throttling (503
   * SlowDown), connection resets and refusals and timeouts are retried after a jittered
   * exponential backoff (100 ms base, 500 ms for throttling). A body that fails after its
   * response has begun is never retried by the SDK: the frame fails.
   */
  maxAttempts: number;
  /** Longest wait for a TCP connection. */
  connectionTimeoutMs: number;
  /** Longest silence on a connection (waiting for the response head, or between body chunks) before the request fails. */
  socketTimeoutMs: number;
}

/**
 * Worst case for one S3 call: 3 x 10 s of silence + under 1 s of backoff, about 31 s; a
 * download and an upload, about 62 s, inside the 120 s timeout. The handler also abandons any
 * S3 call still running shortly before the timeout (invocation.ts), so a slow stream that
 * never goes silent cannot outlast the invocation either.
 */
export const S3_CLIENT_LIMITS: S3ClientLimits = { maxAttempts: 3, connectionTimeoutMs: 3_000, socketTimeoutMs: 10_000 };

/**
 * One client per container. The endpoint comes from the SDK's own AWS_ENDPOINT_URL_S3 handling;
 * path-style URLs are for S3-compatible servers. The SDK's default CRC32 checksums stay on: every
 * body this code sends has a known length, so it is sent plainly, which s3rver stores correctly.
 */
export function createS3Client(config: Pick<HandlerConfig, 'forcePathStyle'>, overrides: S3ClientConfig = {}, limits: S3ClientLimits = S3_CLIENT_LIMITS): S3Client {
  return new S3Client({
    forcePathStyle: config.forcePathStyle,
    maxAttempts: limits.maxAttempts,
    requestHandler: { connectionTimeout: limits.connectionTimeoutMs, socketTimeout: limits.socketTimeoutMs },
    ...overrides,
  });
}
