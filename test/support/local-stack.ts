// Helpers for tests of the local stack: a client for its S3 server, sample frames for a checkout
// without samples/, and waiting for what a child process prints.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_REGION } from '../../src/local/buckets';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { makeJpeg } from './jpegs';

export function clientFor(endpoint: string, options: Partial<ConstructorParameters<typeof S3Client>[0]> = {}): S3Client {
  return new S3Client({ region: LOCAL_REGION, endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, ...options });
}

/** Polls `probe` every 50 ms until it gives a value (for `timeoutMs` at most). */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, describe: () => string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Two small frames in a nested folder, for a checkout without samples/. */
export async function generatedSamples(root: string): Promise<string> {
  const dir = join(root, 'samples');
  await mkdir(join(dir, 'clip-1'), { recursive: true });
  await writeFile(join(dir, 'clip-1', 'frame.0000000.jpg'), makeJpeg(64, 48, 1));
  await writeFile(join(dir, 'clip-1', 'frame.0000001.jpg'), makeJpeg(64, 48, 2));
  return dir;
}
