// A real S3-compatible server for tests: s3rver on 127.0.0.1, a free port, a fresh temporary
// directory, the given buckets; the same server setup as the local stack (src/local/s3-server.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3RVER_CREDENTIALS, startS3Server } from '../../src/local/s3-server';

export const TEST_REGION = 'us-east-1';

// The SDK warns once per process that its 2027 releases need Node 22 (Lambda runs 22; tests may
// run on 20): noise in test output, so off here unless the caller's environment says otherwise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface TestS3 {
  endpoint: string;
  directory: string;
  /** A client for the test's own uploads and checks. */
  client: S3Client;
  put(bucket: string, key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  get(bucket: string, key: string): Promise<{ body: Buffer; contentType?: string; metadata: Record<string, string> }>;
  exists(bucket: string, key: string): Promise<boolean>;
  keys(bucket: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startTestS3(buckets: string[]): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'frame-processor-s3-'));
  const running = await startS3Server({ port: 0, directory, buckets });
  const client = new S3Client({ region: TEST_REGION, endpoint: running.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  return {
    endpoint: running.endpoint,
    directory,
    client,
    async put(bucket, key, body, contentType = 'image/jpeg') {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async get(bucket, key) {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = Buffer.from(await response.Body!.transformToByteArray());
      return { body, contentType: response.ContentType, metadata: response.Metadata ?? {} };
    },
    exists: (bucket, key) => objectExists(client, bucket, key),
    async keys(bucket) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((object) => object.Key!).sort();
    },
    async close() {
      client.destroy();
      await running.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** True if the object exists (HeadObject), false on NotFound; any other error is thrown. */
export async function objectExists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'NotFound') return false;
    throw error;
  }
}
