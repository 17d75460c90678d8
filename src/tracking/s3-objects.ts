// The S3 side of tracking: listing a video's folder (for the frame counter) and writing the
// completion record. Thin wrappers over the SDK so the core depends on two small interfaces.
import { ListObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TrackingError } from './errors';
import type { ListPage, ObjectLister } from './capture-listing';

/** Where the completion record goes: one bucket, written whole. */
export interface ObjectWriter {
  put(key: string, body: string, contentType: string): Promise<void>;
}

/**
 * Lists with ListObjects (version 1, Marker/NextMarker), which S3 fully supports: the local S3
 * server (s3rver 3.7.1) cannot continue a truncated ListObjectsV2 listing on Node 20+ (its
 * continuation tokens are DES-encrypted, a cipher OpenSSL 3 no longer offers by default).
 */
export class S3Lister implements ObjectLister {
  /** `pageSize`: keys per page (S3 caps it at 1000). */
  constructor(
    private readonly s3: S3Client,
    private readonly pageSize = 1000,
  ) {}

  async listPage(bucket: string, prefix: string, next?: string): Promise<ListPage> {
    const page = await this.s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Delimiter: '/', MaxKeys: this.pageSize, Marker: next }));
    const keys = (page.Contents ?? []).map((object) => object.Key ?? '').filter((key) => key !== '');
    if (!page.IsTruncated) return { keys };
    // With a delimiter S3 returns NextMarker; the last key or common prefix is the same marker.
    const last = [...keys, ...(page.CommonPrefixes ?? []).map((common) => common.Prefix ?? '')].sort().pop();
    const marker = page.NextMarker ?? last;
    if (!marker) throw new TrackingError('a truncated listing page gave nothing to continue from', `s3://${bucket}/${prefix}`);
    return { keys, next: marker };
  }
}

export class S3ObjectWriter implements ObjectWriter {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }
}
