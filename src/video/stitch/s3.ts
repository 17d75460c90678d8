// The S3 calls the stitch makes, as a small interface (a real S3Client satisfies it): the join's
// (VideoS3) plus listing a folder and deleting objects. Helpers for whole small objects.
import {
  DeleteObjectsCommand, GetObjectCommand, ListObjectsCommand, PutObjectCommand,
  type DeleteObjectsCommandOutput, type GetObjectCommandOutput, type ListObjectsCommandOutput,
} from '@aws-sdk/client-s3';
import { VideoError } from '../errors';
import { isNotFound, readBodyInto, type VideoS3 } from '../video-s3';

/** The join's calls (VideoS3) plus listing a folder and deleting objects. */
export type StitchS3 = VideoS3 & {
  send(command: ListObjectsCommand): Promise<ListObjectsCommandOutput>;
  send(command: DeleteObjectsCommand): Promise<DeleteObjectsCommandOutput>;
};

/** The bytes of a whole object, or undefined if there is none; over `maxBytes` is an error. */
export async function getObjectBytes(s3: StitchS3, bucket: string, key: string, maxBytes: number): Promise<Uint8Array | undefined> {
  let response: GetObjectCommandOutput;
  try {
    response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const length = response.ContentLength ?? 0;
  if (length > maxBytes) {
    (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw new VideoError(`${length} bytes is over the ${maxBytes}-byte limit`, key);
  }
  const bytes = new Uint8Array(length);
  const received = await readBodyInto(response.Body, bytes, 0, length);
  if (received !== length) throw new VideoError(`read ${received} of its ${length} bytes`, key);
  return bytes;
}

export async function putText(s3: StitchS3, bucket: string, key: string, body: string, contentType: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

/**
 * The keys under `prefix`, one page at a time (ListObjects version 1 with Marker: the local
 * s3rver cannot continue a truncated ListObjectsV2 listing on Node 20+). With `delimiter`, only
 * the keys directly in the folder.
 */
export async function* listKeyPages(s3: StitchS3, bucket: string, prefix: string, delimiter?: string, pageSize = 1000): AsyncGenerator<string[]> {
  let marker: string | undefined;
  for (;;) {
    const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, MaxKeys: pageSize, Marker: marker }));
    const keys = (page.Contents ?? []).map((object) => object.Key ?? '').filter((key) => key !== '');
    yield keys;
    if (!page.IsTruncated) return;
    const last = [...keys, ...(page.CommonPrefixes ?? []).map((common) => common.Prefix ?? '')].sort().pop();
    marker = page.NextMarker ?? last;
    if (!marker) throw new VideoError('a truncated listing page gave nothing to continue from', `s3://${bucket}/${prefix}`);
  }
}

/** Deletes every object under `prefix` (1000 per request); safe to repeat. Returns how many. */
export async function deletePrefix(s3: StitchS3, bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  // Collect first: deleting while listing would move the markers under the listing's feet.
  const keys: string[] = [];
  for await (const page of listKeyPages(s3, bucket, prefix)) keys.push(...page);
  for (let start = 0; start < keys.length; start += 1000) {
    const batch = keys.slice(start, start + 1000);
    const out = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
    const failed = out.Errors ?? [];
    if (failed.length > 0) throw new VideoError(`could not delete ${failed.length} objects: ${failed[0].Key} ${failed[0].Code ?? ''}`.trim(), `s3://${bucket}/${prefix}`);
    deleted += batch.length;
  }
  return deleted;
}

