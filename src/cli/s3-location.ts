// s3://bucket/prefix on the command line: where frames are listed from, or written to. A prefix
// is a folder: `s3://b/clips` and `s3://b/clips/` both mean the keys under `clips/`, as a local
// folder's files are those under it, so the keys' relative paths below it mirror into --out.
import { UsageError } from '../core/errors';
import { isBucketName } from '../lambda/config';

export interface S3Location {
  bucket: string;
  /** '' (the whole bucket) or a prefix ending in '/'. */
  prefix: string;
}

const SCHEME = 's3://';

export function isS3Url(text: string): boolean {
  return text.startsWith(SCHEME);
}

/** The bucket and folder prefix `url` names; a UsageError naming `what` (an input, --out) when it is not one. */
export function parseS3Url(url: string, what: string): S3Location {
  const rest = url.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  if (!isBucketName(bucket)) throw new UsageError(`${what} ${url}: "${bucket}" is not an S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens)`);
  if (path.startsWith('/')) throw new UsageError(`${what} ${url}: the prefix starts with '/' (write s3://${bucket}/${path.replace(/^\/+/, '')})`);
  return { bucket, prefix: path === '' || path.endsWith('/') ? path : `${path}/` };
}

/** The URL of one object. */
export function s3Url(bucket: string, key: string): string {
  return `${SCHEME}${bucket}/${key}`;
}

/** True when `inner` is `outer` or lies inside it (same bucket, prefix within). */
export function within(inner: S3Location, outer: S3Location): boolean {
  return inner.bucket === outer.bucket && inner.prefix.startsWith(outer.prefix);
}
