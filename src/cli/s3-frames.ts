// The command line's S3 requests for one frame, made in the main thread while worker threads
// compute: GetObject of the frame (refused by its Content-Length before the body when over the
// input limit), HeadObject of an output already there, and PutObject through the Lambda
// function's own upload, so the edge map carries the same metadata wherever it was made.
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { LimitExceededError, S3TransferError } from '../core/errors';
import { DEFAULT_LIMITS } from '../core/pipeline';
import { unquoteETag } from '../lambda/output-metadata';
import { send } from '../lambda/s3-transfer';
import { describeAwsError } from './endpoint-errors';

export interface S3Object {
  bucket: string;
  key: string;
}

/** The frame's bytes and ETag; every failure an error naming `name` (its s3:// URL). */
export async function getFrame(s3: S3Client, object: S3Object, name: string, signal: AbortSignal): Promise<{ bytes: Uint8Array; eTag: string }> {
  const command = new GetObjectCommand({ Bucket: object.bucket, Key: object.key });
  const response = await send(name, 'GetObject', signal, () => s3.send(command, { abortSignal: signal }));
  const length = response.ContentLength ?? 0;
  if (length > DEFAULT_LIMITS.maxInputBytes) {
    (response.Body as { destroy?: () => void } | undefined)?.destroy?.(); // refused before reading the body
    throw new LimitExceededError(`object is ${length} bytes, over the limit of ${DEFAULT_LIMITS.maxInputBytes} bytes`, name);
  }
  try {
    const bytes = await response.Body!.transformToByteArray();
    return { bytes, eTag: unquoteETag(response.ETag ?? '') };
  } catch (error) {
    throw new S3TransferError(`download ${signal.aborted ? 'abandoned' : `failed: ${describeAwsError(error, 'S3')}`}`, name);
  }
}

/** The user metadata of the object, or undefined when there is none by that key. */
export async function metadataOf(s3: S3Client, object: S3Object, name: string, signal: AbortSignal): Promise<Record<string, string> | undefined> {
  const command = new HeadObjectCommand({ Bucket: object.bucket, Key: object.key });
  return send(name, `HeadObject of the output s3://${object.bucket}/${object.key}`, signal, async () => {
    try {
      return (await s3.send(command, { abortSignal: signal })).Metadata ?? {};
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  });
}
