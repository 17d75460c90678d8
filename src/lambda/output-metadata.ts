// The user-defined metadata written with each edge map: where it came from, how it was made and
// what was computed. The Lambda function and the command line write the same, so either can tell
// whether an output already there was made from the same source with the same settings.
// S3 refuses a PutObject whose user metadata is over 2 KB, on every retry; a 1024-byte key of
// non-ASCII characters percent-encodes to about 3 KB, so the source key goes in only when it fits.
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html ("the user-defined
// metadata is limited to 2 KB in size ... the sum of the number of bytes in the UTF-8 encoding of
// each key and value").
import { createHash } from 'node:crypto';
import type { FrameResult, FrameSettings } from '../core/pipeline';
import type { ObjectRef } from './s3-event';

/** Where a frame came from: an S3 object, or (for the command line) a file. */
export type FrameSource = ObjectRef | { file: string };

/** S3's "2 KB", read the strict way: 2000 bytes, each name counted with its x-amz-meta- prefix. */
export const MAX_USER_METADATA_BYTES = 2000;

const HEADER_PREFIX = 'x-amz-meta-';

/** The size S3 counts for user metadata (read the strict way, see MAX_USER_METADATA_BYTES). */
export function userMetadataBytes(metadata: Record<string, string>): number {
  return Object.entries(metadata).reduce((bytes, [name, value]) => bytes + Buffer.byteLength(HEADER_PREFIX + name) + Buffer.byteLength(value), 0);
}

/**
 * The edge map's metadata: the source's bucket, key and ETag (for a file: its path, and the MD5 of
 * its bytes, which is the ETag S3 gives the same bytes put in one request), the settings, sigma
 * and the sizes. Metadata travels in HTTP headers, which carry ASCII only, so the key (or path) is
 * percent-encoded. One whose encoding would take the metadata over S3's limit is replaced by
 * `source-key-sha256` (`source-file-sha256`: hex SHA-256 of its UTF-8 bytes) and the flag
 * `source-key-too-long: true`.
 */
export function outputMetadata(source: FrameSource, eTag: string, result: FrameResult): Record<string, string> {
  const computed = {
    ...settingsMetadata(result.settings),
    sigma: String(result.sigma),
    width: String(result.width),
    height: String(result.height),
    'input-width': String(result.inputWidth),
    'input-height': String(result.inputHeight),
  };
  const [where, name, nameField] = 'file' in source ? [{}, source.file, 'source-file'] : [{ 'source-bucket': source.bucket }, source.key, 'source-key'];
  const withName = { ...where, [nameField]: encodeURIComponent(name), 'source-etag': eTag, ...computed };
  if (userMetadataBytes(withName) <= MAX_USER_METADATA_BYTES) return withName;
  const nameHash = createHash('sha256').update(name, 'utf8').digest('hex');
  return { ...where, [`${nameField}-sha256`]: nameHash, 'source-key-too-long': 'true', 'source-etag': eTag, ...computed };
}

/** The settings as metadata; the JPEG quality only where it shapes the output. */
function settingsMetadata(settings: FrameSettings): Record<string, string> {
  const metadata: Record<string, string> = { format: settings.format, 'blur-modifier': String(settings.blurModifier), 'blur-method': settings.blurMethod };
  if (settings.format === 'jpeg') metadata['jpeg-quality'] = String(settings.quality);
  return metadata;
}

/** Outputs written before there was a choice of blur method were made by the exact path, and say nothing. */
const UNSTATED_BLUR_METHOD = 'exact';

/**
 * True when an output's metadata says it was made from bytes with this ETag (quotes aside) and
 * with these settings: making it again would give the same bytes. So a change of blur method
 * makes it again, as a change of any other setting does.
 */
export function madeFrom(metadata: Record<string, string>, eTag: string, settings: FrameSettings): boolean {
  if (metadata['source-etag'] !== unquoteETag(eTag)) return false;
  const stated: Record<string, string> = { ...metadata, 'blur-method': metadata['blur-method'] ?? UNSTATED_BLUR_METHOD };
  return Object.entries(settingsMetadata(settings)).every(([name, value]) => stated[name] === value);
}

/** An ETag without the quotes S3 puts around it in headers and listings. */
export function unquoteETag(eTag: string): string {
  return eTag.replace(/^"|"$/g, '');
}
