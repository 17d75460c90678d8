// Every object under an S3 prefix, streamed: one page of up to 1,000 keys is handed out key by key
// while the next page is already being fetched, so at most two pages are ever held, however many
// keys the prefix has, and the frames start before the listing ends.
//
// ListObjects (version 1) with Marker, not ListObjectsV2: real S3 serves both, but the local S3
// server (s3rver 3.7.1) makes ListObjectsV2's continuation token with DES, which OpenSSL 3 (Node
// 18+) no longer offers, so any truncated V2 page fails there. Without a delimiter S3 gives no
// NextMarker: the page's last key is the marker, as the ListObjects reference says.
// see: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html ("If response does not
// include the NextMarker element and it is truncated, you can use the value of the last Key element
// in the response as the marker parameter").
import { ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3ListingError, UsageError } from '../core/errors';
import { describeAwsError } from './endpoint-errors';
import { s3Url, type S3Location } from './s3-location';

export interface ListedObject {
  key: string;
  /** As the listing gives it (quoted). */
  eTag: string;
}

interface Page {
  objects: ListedObject[];
  /** Where the next page starts; undefined on the last page. */
  marker?: string;
}

/** S3 caps a page at 1,000 keys. */
export const PAGE_SIZE = 1000;

/** The objects under `location`, in key order. A bucket that does not exist is a UsageError; any other failure an S3ListingError. */
export async function* listObjects(s3: S3Client, location: S3Location, pageSize = PAGE_SIZE): AsyncGenerator<ListedObject> {
  let next: Promise<Page> | undefined = fetchPage(s3, location, pageSize, undefined);
  while (next) {
    const page: Page = await next;
    next = page.marker === undefined ? undefined : fetchPage(s3, location, pageSize, page.marker);
    // A run that stops early never awaits the page fetched ahead: its failure must not go unhandled.
    next?.catch(() => undefined);
    yield* page.objects;
  }
}

async function fetchPage(s3: S3Client, location: S3Location, pageSize: number, marker: string | undefined): Promise<Page> {
  const url = s3Url(location.bucket, location.prefix);
  let response;
  try {
    response = await s3.send(new ListObjectsCommand({ Bucket: location.bucket, Prefix: location.prefix, MaxKeys: pageSize, Marker: marker }));
  } catch (error) {
    if ((error as Error).name === 'NoSuchBucket') throw new UsageError(`input not found: ${url} (no bucket ${location.bucket})`);
    throw new S3ListingError(url, `ListObjects failed: ${describeAwsError(error, 'S3')}`);
  }
  const objects = (response.Contents ?? []).flatMap((object) => (object.Key ? [{ key: object.Key, eTag: object.ETag ?? '' }] : []));
  if (!response.IsTruncated) return { objects };
  const last = response.NextMarker ?? objects.at(-1)?.key;
  if (last === undefined) throw new S3ListingError(url, 'a truncated ListObjects page gave no key to continue after');
  return { objects, marker: last };
}
