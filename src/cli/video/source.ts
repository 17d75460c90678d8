// Where a video's frames are read from: a folder on this machine, or an S3 prefix. Either way the
// frames are the files directly in it (a folder below is another video, as the functions see it),
// listed by name, plus capture.json beside them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { S3ListingError, UsageError } from '../../core/errors';
import { describeAwsError } from '../endpoint-errors';
import { MANIFEST_NAME, MAX_MANIFEST_BYTES } from '../../tracking/manifest';
import { getObjectBytes, listKeyPages } from '../../video/stitch/s3';
import { getFrame } from '../s3-frames';
import { parseS3Url, s3Url } from '../s3-location';

export interface VideoSource {
  /** The folder or s3:// URL, as given. */
  readonly label: string;
  /** The names directly in it, in sorted order, a page at a time; UsageError when it does not exist. */
  names(): AsyncGenerator<string[]>;
  /** capture.json's bytes, or undefined when there is none. */
  capture(): Promise<Uint8Array | undefined>;
  /** The bytes of `name`; a failure is an error naming it. */
  read(name: string, signal: AbortSignal): Promise<Uint8Array>;
  /** The path or s3:// URL of `name`, as messages name it. */
  describe(name: string): string;
}

export function openSource(input: string, s3: S3Client | undefined): VideoSource {
  return s3 === undefined ? folderSource(input) : s3Source(input, s3);
}

function folderSource(folder: string): VideoSource {
  const describe = (name: string) => join(folder, name);
  return {
    label: folder,
    describe,
    async *names() {
      const info = await stat(folder).catch(() => undefined);
      if (!info) throw new UsageError(`input not found: ${folder}`);
      if (!info.isDirectory()) throw new UsageError(`input ${folder} is a file: give the folder holding one video's frames`);
      const entries = await readdir(folder, { withFileTypes: true });
      yield entries.filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
    },
    async capture() {
      const path = describe(MANIFEST_NAME);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      if (info.size > MAX_MANIFEST_BYTES) throw new UsageError(`${path}: ${info.size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit for a capture.json`);
      return readFile(path);
    },
    read: (name, signal) => readFile(describe(name), { signal }),
  };
}

function s3Source(url: string, s3: S3Client): VideoSource {
  const { bucket, prefix } = parseS3Url(url, 'input');
  const describe = (name: string) => s3Url(bucket, prefix + name);
  return {
    label: url,
    describe,
    async *names() {
      try {
        for await (const page of listKeyPages(s3, bucket, prefix, '/')) yield page.map((key) => key.slice(prefix.length));
      } catch (error) {
        if ((error as Error).name === 'NoSuchBucket') throw new UsageError(`input not found: ${url} (no bucket ${bucket})`);
        throw new S3ListingError(url, `ListObjects failed: ${describeAwsError(error, 'S3')}`);
      }
    },
    capture: () => getObjectBytes(s3, bucket, prefix + MANIFEST_NAME, MAX_MANIFEST_BYTES),
    read: async (name, signal) => (await getFrame(s3, { bucket, key: prefix + name }, describe(name), signal)).bytes,
  };
}
