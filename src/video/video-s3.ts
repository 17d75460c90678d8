// The S3 calls the edge video needs, as a small interface of its own: a real S3Client satisfies
// it (its generic send covers each overload), and a test can wrap one to inject a fault a real
// server cannot produce on cue.
import type { Readable } from 'node:stream';
import type {
  AbortMultipartUploadCommand, AbortMultipartUploadCommandOutput, CompleteMultipartUploadCommand, CompleteMultipartUploadCommandOutput,
  CreateMultipartUploadCommand, CreateMultipartUploadCommandOutput, GetObjectCommand, GetObjectCommandOutput, HeadObjectCommand,
  HeadObjectCommandOutput, PutObjectCommand, PutObjectCommandOutput, UploadPartCommand, UploadPartCommandOutput,
} from '@aws-sdk/client-s3';

export interface VideoS3 {
  send(command: GetObjectCommand): Promise<GetObjectCommandOutput>;
  send(command: HeadObjectCommand): Promise<HeadObjectCommandOutput>;
  send(command: PutObjectCommand): Promise<PutObjectCommandOutput>;
  send(command: CreateMultipartUploadCommand): Promise<CreateMultipartUploadCommandOutput>;
  send(command: UploadPartCommand): Promise<UploadPartCommandOutput>;
  send(command: CompleteMultipartUploadCommand): Promise<CompleteMultipartUploadCommandOutput>;
  send(command: AbortMultipartUploadCommand): Promise<AbortMultipartUploadCommandOutput>;
}

/** True for S3's "no such object" answers (GetObject's NoSuchKey, HeadObject's bare 404). */
export function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

/** A short description of an S3 error for a reason string: its name and HTTP status. */
export function describeS3Error(error: unknown): string {
  const name = (error as { name?: string })?.name ?? 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const message = (error as { message?: string })?.message;
  return `${name}${status ? ` (HTTP ${status})` : ''}${message && message !== name ? `: ${message}` : ''}`;
}

/**
 * Reads a GetObject body into `target` at `offset`, chunk by chunk (no intermediate copy of the
 * whole body); returns the bytes received, stopping with an error past `target`'s end.
 */
export async function readBodyInto(body: GetObjectCommandOutput['Body'], target: Uint8Array, offset: number, limit: number): Promise<number> {
  if (!body) return 0;
  let received = 0;
  for await (const chunk of body as Readable) {
    const bytes = chunk as Uint8Array;
    if (received + bytes.length > limit) {
      (body as Readable).destroy();
      throw new RangeError(`body longer than the ${limit} bytes expected`);
    }
    target.set(bytes, offset + received);
    received += bytes.length;
  }
  return received;
}
