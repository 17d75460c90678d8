// GET /s3/<bucket>/<key>: an object of the local S3 server, read through the stack's own S3
// endpoint with the SDK, as a browser would read it from S3: the Range header is passed through
// and a range answers 206 with Content-Range, so a <video> can seek in edges.mp4.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../buckets';
import { ViewerRequestError } from './errors';

const BUCKETS: readonly string[] = [INPUT_BUCKET, OUTPUT_BUCKET];

/** Streams `<bucket>/<key>` (the path after /s3/, URL-decoded) to `response`, honouring Range. */
export async function proxyObject(s3: S3Client, path: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : path.slice(slash + 1);
  if (!BUCKETS.includes(bucket)) throw new ViewerRequestError(404, `no such bucket here (the buckets are ${BUCKETS.join(' and ')})`, bucket);
  if (key === '') throw new ViewerRequestError(404, 'no object key given', bucket);
  const range = request.headers.range;
  let object;
  try {
    object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  } catch (error) {
    throw objectError(error, `${bucket}/${key}`, range);
  }
  const headers: Record<string, string | number> = { 'accept-ranges': 'bytes', 'cache-control': 'no-cache' };
  if (object.ContentType) headers['content-type'] = object.ContentType;
  if (object.ContentLength !== undefined) headers['content-length'] = object.ContentLength;
  if (object.ContentRange) headers['content-range'] = object.ContentRange;
  if (object.ETag) headers.etag = object.ETag;
  if (object.LastModified) headers['last-modified'] = object.LastModified.toUTCString();
  response.writeHead(range && object.ContentRange ? 206 : 200, headers);
  if (request.method === 'HEAD') return void ((object.Body as Readable).destroy(), response.end());
  await pipeline(object.Body as Readable, response);
}

function objectError(error: unknown, where: string, range: string | undefined): Error {
  if (error instanceof NoSuchKey) return new ViewerRequestError(404, 'no such object in the local S3 server', where);
  if (error instanceof S3ServiceException) {
    const status = error.$metadata.httpStatusCode ?? 502;
    if (status === 416) return new ViewerRequestError(416, `the range ${range} is outside the object`, where);
    if (status === 404) return new ViewerRequestError(404, 'no such object in the local S3 server', where);
    return new ViewerRequestError(502, `the local S3 server answered ${status} ${error.name}: ${error.message}`, where);
  }
  return new ViewerRequestError(502, `the local S3 server cannot be read: ${(error as Error).message}`, where);
}
