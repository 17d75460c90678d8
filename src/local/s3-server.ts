// A real S3-compatible HTTP server on this machine: s3rver (filesystem-backed), with two fixes
// in front of it so that what any S3 client uploads is what gets stored, and stored before the
// ObjectCreated event fires:
//  - aws-chunked request bodies (streamed uploads of current SDKs and the AWS CLI) are decoded;
//  - an object is written completely before s3rver emits its event (s3rver 3.7.1 resolves its
//    write when the data has passed its hashing stream, not when the file is on disk, so a fast
//    consumer could read a short file);
//  - an upload whose connection breaks stores nothing, as on S3 (s3rver writes into the object's
//    file as the body arrives, so a cut upload left an empty or truncated object, even over an
//    earlier whole one);
//  - only folders named like buckets are listed as buckets (the local stack keeps dynalite's data
//    in a folder beside them);
//  - a port it cannot listen on rejects with a ListenError (s3rver's run() leaves the listen
//    error unhandled, which crashes the process with a stack trace).
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import S3rver = require('s3rver');
import { ListenError } from '../core/errors';
import { AwsChunkedDecoder, isAwsChunked, withoutAwsChunked } from './aws-chunked';

export interface S3ServerOptions {
  /** Address to listen on; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Where buckets and objects are kept (created if missing). */
  directory: string;
  /** Buckets created at start (kept if they exist). */
  buckets: string[];
}

export interface RunningS3Server {
  /** http://host:port, for AWS_ENDPOINT_URL_S3 and --endpoint-url. */
  endpoint: string;
  port: number;
  server: S3rver;
  close(): Promise<void>;
}

/** s3rver's credentials: it knows only this access key id (and does not check SigV4 signatures). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export async function startS3Server(options: S3ServerOptions): Promise<RunningS3Server> {
  const host = options.host ?? '127.0.0.1';
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: host,
    port: options.port,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  server.middleware.unshift(decodeAwsChunked);
  writeObjectsCompletely(server);
  listOnlyBuckets(server);
  await server.configureBuckets();
  const http = await listen(server, options.port, host);
  const { port } = http.address() as AddressInfo;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { endpoint, port, server, close: () => new Promise((resolve) => http.close(() => resolve())) };
}

/** What s3rver's run() does after configuring the buckets, with the listen error caught. */
function listen(server: S3rver, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(ListenError.from(error, host, port));
    const http = server.listen(port, host, () => {
      http.off('error', onError);
      resolve(http);
    });
    http.once('error', onError);
  });
}


/** Koa middleware: replaces an aws-chunked body with its decoded payload and fixes the headers. */
async function decodeAwsChunked(ctx: { req: IncomingMessage | NodeJS.ReadableStream; request: { req: IncomingMessage } }, next: () => Promise<void>): Promise<void> {
  const request = ctx.request.req;
  if (isAwsChunked(request.headers)) {
    const decoder = new AwsChunkedDecoder();
    request.on('error', (error) => decoder.destroy(error));
    ctx.req = request.pipe(decoder);
    const headers = request.headers;
    if (headers['x-amz-decoded-content-length']) headers['content-length'] = String(headers['x-amz-decoded-content-length']);
    const encoding = withoutAwsChunked(headers['content-encoding']);
    if (encoding) headers['content-encoding'] = encoding;
    else delete headers['content-encoding'];
  }
  await next();
}

interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: Record<string, string>;
}

/** Bucket names (3-63 of a-z 0-9 . -): other folders of the data folder (dynalite's) are not buckets. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function listOnlyBuckets(server: S3rver): void {
  const store = (server as unknown as { store: FilesystemStore }).store;
  const listBuckets = store.listBuckets.bind(store);
  store.listBuckets = async () => (await listBuckets()).filter((bucket) => BUCKET_NAME.test(bucket.name));
}

interface FilesystemStore {
  listBuckets(): Promise<Array<{ name: string }>>;
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
}

/**
 * Replaces the store's putObject by one that writes the body to a temporary file (which
 * listings ignore: it lacks s3rver's suffix) and renames it over the object only once the whole
 * body has arrived; a body that fails (the client's connection broke) is deleted instead.
 */
function writeObjectsCompletely(server: S3rver): void {
  const store = (server as unknown as { store: FilesystemStore }).store;
  store.putObject = async (object) => {
    const path = store.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(path), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    const hashing = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const source = Buffer.isBuffer(object.content) ? [object.content] : object.content;
    const partial = `${path}.${randomUUID()}.partial`;
    try {
      await pipeline(source, hashing, createWriteStream(partial));
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    const digest = md5.digest('hex');
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}
