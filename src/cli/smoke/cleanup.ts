// What a smoke run removes when it is done (unless --keep): its frames and capture.json in the
// input bucket, everything under its prefix in the output bucket (edge maps, video.json,
// edges.mp4, what the stitch left in .stitch/), and its items in the tracking table.
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectsCommand, ListObjectsCommand } from '@aws-sdk/client-s3';
import { DEFAULT_CHUNK_SIZE, DEFAULT_GROUP_SIZE } from '../../tracking/chunks';
import { chunkOf, groupOf } from '../../tracking/ranges';
import { chunkKey, failureKey, groupKey, HASH_KEY, videoKey } from '../../tracking/table';
import type { SmokeStack } from './stack';
import { SMOKE_VIDEO } from './synthetic-video';

/** Removes what the run made; returns one phrase per place, e.g. "13 objects from s3://in/smoke-.../". */
export async function removeSmokeVideo(stack: SmokeStack, videoId: string, uploaded: string[]): Promise<string[]> {
  const removed = [`${await deleteKeys(stack, stack.inputBucket, uploaded)} uploaded objects from s3://${stack.inputBucket}/${videoId}/`];
  const made = await listAll(stack, stack.outputBucket, `${videoId}/`);
  removed.push(`${await deleteKeys(stack, stack.outputBucket, made)} objects from s3://${stack.outputBucket}/${videoId}/`);
  if (stack.dynamo && stack.trackingTable) {
    let deleted = 0;
    for (const key of trackingKeys(videoId)) {
      const out = await stack.dynamo.send(new DeleteItemCommand({ TableName: stack.trackingTable, Key: { [HASH_KEY]: { S: key } }, ReturnValues: 'ALL_OLD' }));
      if (out.Attributes) deleted += 1;
    }
    removed.push(`its ${deleted} items from the table ${stack.trackingTable}`);
  }
  return removed;
}

/** Every item the video can have, whether its frames are numbered from 0 or from 1; deleting an absent one is harmless. */
function trackingKeys(videoId: string): string[] {
  const layout = { chunkSize: DEFAULT_CHUNK_SIZE, groupSize: DEFAULT_GROUP_SIZE };
  const lastChunk = chunkOf(SMOKE_VIDEO.frames, layout);
  const upTo = (last: number): number[] => Array.from({ length: last + 1 }, (_, n) => n);
  return [
    videoKey(videoId),
    ...upTo(lastChunk).map((chunk) => chunkKey(videoId, chunk)),
    ...upTo(groupOf(lastChunk, layout)).map((group) => groupKey(videoId, group)),
    ...upTo(SMOKE_VIDEO.frames).map((index) => failureKey(videoId, index)),
  ];
}

async function listAll(stack: SmokeStack, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (let marker: string | undefined; ; ) {
    const page = await stack.s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: marker, MaxKeys: 1000 }));
    const found = (page.Contents ?? []).map((object) => object.Key ?? '').filter((key) => key !== '');
    keys.push(...found);
    if (!page.IsTruncated || found.length === 0) return keys;
    marker = page.NextMarker ?? found[found.length - 1];
  }
}

/** DeleteObjects in batches of 1000 (its maximum); a key it could not delete is an error naming it. */
async function deleteKeys(stack: SmokeStack, bucket: string, keys: string[]): Promise<number> {
  for (let at = 0; at < keys.length; at += 1000) {
    const batch = keys.slice(at, at + 1000);
    const out = await stack.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
    const failed = out.Errors?.[0];
    if (failed) throw new Error(`could not delete s3://${bucket}/${failed.Key}: ${failed.Code} ${failed.Message ?? ''}`.trim());
  }
  return keys.length;
}
