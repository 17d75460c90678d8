// The sample uploader: every frame under a folder put into the input bucket, as a user would
// upload them, so each one triggers the function.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isJpegName } from '../core/frame-names';
import { INPUT_BUCKET, LOCAL_REGION } from './buckets';
import { S3RVER_CREDENTIALS } from './s3-server';

/** Uploads every .jpg/.jpeg under `dir` to the input bucket (key = path relative to `dir`); returns the keys. */
export async function uploadSamples(endpoint: string, dir: string): Promise<string[]> {
  const root = resolve(dir);
  const files = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && isJpegName(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const client = new S3Client({ region: LOCAL_REGION, endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  const keys: string[] = [];
  try {
    for (const file of files) {
      const key = relative(root, file).split(sep).join('/');
      await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: key, Body: await readFile(file), ContentType: 'image/jpeg' }));
      keys.push(key);
    }
  } finally {
    client.destroy();
  }
  return keys;
}
