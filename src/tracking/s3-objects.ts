// The S3 side of tracking: listing a video's folder (for the frame counter) and writing the
// completion record. Thin wrappers over the SDK so the core depends on two small interfaces.
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ListPage, ObjectLister } from './frame-counter';

/** Where the completion record goes: one bucket, written whole. */
export interface ObjectWriter {
  put(key: string, body: string, contentType: string): Promise<void>;
}

export class S3Lister implements ObjectLister {
  /** `pageSize`: keys per ListObjectsV2 page (S3 caps it at 1000). */
  constructor(
    private readonly s3: S3Client,
    private readonly pageSize = 1000,
  ) {}

  async listPage(bucket: string, prefix: string, next?: string): Promise<ListPage> {
    const page = await this.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', MaxKeys: this.pageSize, ContinuationToken: next }),
    );
    const keys = (page.Contents ?? []).map((object) => object.Key ?? '').filter((key) => key !== '');
    return { keys, next: page.IsTruncated ? page.NextContinuationToken : undefined };
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
