// One multipart upload whose parts are produced in order by `fill` and uploaded a few at a time:
// the output appears whole at CompleteMultipartUpload or not at all. On any failure the upload
// is aborted after the parts in flight settle (S3 may keep a part that finishes after the abort).
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand, type CompletedPart,
} from '@aws-sdk/client-s3';
import { JoinUploadError, VideoError } from './errors';
import { describeS3Error, type VideoS3 } from './video-s3';

export interface UploadTarget {
  bucket: string;
  key: string;
  contentType: string;
}

export interface PartProducer {
  partCount: number;
  /** The bytes of part `number` (1-based); called once per part, in order, one at a time. */
  fill(number: number): Promise<Uint8Array>;
}

/**
 * Uploads the parts with up to `concurrency` UploadPart calls in flight while the next part is
 * filled: at most concurrency + 1 parts in memory. CRC32 checksums per part (computed by the
 * SDK, checked by S3) guard each part in transit. Returns the ETag of the object.
 */
export async function uploadInParts(s3: VideoS3, target: UploadTarget, parts: PartProducer, concurrency: number, warn: (message: string) => void): Promise<string | undefined> {
  const { bucket, key } = target;
  const created = await s3
    .send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: target.contentType, ChecksumAlgorithm: 'CRC32' }))
    .catch((error: unknown) => {
      throw new JoinUploadError(`CreateMultipartUpload failed: ${describeS3Error(error)}`, key, { cause: error });
    });
  const uploadId = created.UploadId;
  if (!uploadId) throw new JoinUploadError('CreateMultipartUpload answered without an UploadId', key);
  const completed: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const uploadPart = async (number: number, body: Uint8Array) => {
    try {
      const answer = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: body, ChecksumAlgorithm: 'CRC32' }));
      completed[number - 1] = { PartNumber: number, ETag: answer.ETag, ...(answer.ChecksumCRC32 ? { ChecksumCRC32: answer.ChecksumCRC32 } : {}) };
    } catch (error) {
      failure ??= new JoinUploadError(`UploadPart ${number} of ${parts.partCount} failed: ${describeS3Error(error)}`, key, { cause: error });
    }
  };
  try {
    for (let number = 1; number <= parts.partCount && failure === undefined; number++) {
      const body = await parts.fill(number);
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure !== undefined) break;
      const upload = uploadPart(number, body).finally(() => inFlight.delete(upload));
      inFlight.add(upload);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: completed } })).catch((error: unknown) => {
      throw new JoinUploadError(`CompleteMultipartUpload failed: ${describeS3Error(error)}`, key, { cause: error });
    });
    return done.ETag;
  } catch (error) {
    await Promise.allSettled(inFlight);
    await abortQuietly(s3, bucket, key, uploadId, warn);
    throw error instanceof VideoError ? error : new JoinUploadError(`the join failed: ${describeS3Error(error)}`, key, { cause: error });
  }
}

/** Aborts the upload; a failure to abort is reported to `warn`, never thrown over the first error. */
async function abortQuietly(s3: VideoS3, bucket: string, key: string, uploadId: string, warn: (message: string) => void): Promise<void> {
  try {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  } catch (error) {
    warn(`${key}: could not abort multipart upload ${uploadId} (${describeS3Error(error)}); its parts stay until the bucket's lifecycle rule for incomplete uploads removes them`);
  }
}
