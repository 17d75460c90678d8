// The user-defined metadata written with each edge map: where it came from and what was computed.
// S3 refuses a PutObject whose user metadata is over 2 KB, on every retry; a 1024-byte key of
// non-ASCII characters percent-encodes to about 3 KB, so the source key goes in only when it fits.
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html ("the user-defined
// metadata is limited to 2 KB in size ... the sum of the number of bytes in the UTF-8 encoding of
// each key and value").
import { createHash } from 'node:crypto';
import type { FrameResult } from '../core/pipeline';
import type { ObjectRef } from './s3-event';

/** S3's "2 KB", read the strict way: 2000 bytes, each name counted with its x-amz-meta- prefix. */
export const MAX_USER_METADATA_BYTES = 2000;

const HEADER_PREFIX = 'x-amz-meta-';

/** The size S3 counts for user metadata (read the strict way, see MAX_USER_METADATA_BYTES). */
export function userMetadataBytes(metadata: Record<string, string>): number {
  return Object.entries(metadata).reduce((bytes, [name, value]) => bytes + Buffer.byteLength(HEADER_PREFIX + name) + Buffer.byteLength(value), 0);
}

/**
 * The edge map's metadata: the source's bucket, key and ETag, sigma and the sizes. Metadata
 * travels in HTTP headers, which carry ASCII only, so the key is percent-encoded. A key whose
 * encoding would take the metadata over S3's limit is replaced by `source-key-sha256` (hex
 * SHA-256 of the key's UTF-8 bytes) and the flag `source-key-too-long: true`.
 */
export function outputMetadata(source: ObjectRef, eTag: string, result: FrameResult): Record<string, string> {
  const computed = {
    sigma: String(result.sigma),
    width: String(result.width),
    height: String(result.height),
    'input-width': String(result.inputWidth),
    'input-height': String(result.inputHeight),
  };
  const withKey = { 'source-bucket': source.bucket, 'source-key': encodeURIComponent(source.key), 'source-etag': eTag, ...computed };
  if (userMetadataBytes(withKey) <= MAX_USER_METADATA_BYTES) return withKey;
  const keyHash = createHash('sha256').update(source.key, 'utf8').digest('hex');
  return { 'source-bucket': source.bucket, 'source-key-sha256': keyHash, 'source-key-too-long': 'true', 'source-etag': eTag, ...computed };
}
