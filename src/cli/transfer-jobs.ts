// The frames of a run with S3, one at a time as the run takes them: the file inputs' jobs, then
// each S3 input's .jpg/.jpeg keys as its listing streams in. The refusals a run on files makes up
// front need every output known; here each frame is checked as it comes: one whose output would
// land among an input's frames, or that another frame already writes, is refused by name.
import type { S3Client } from '@aws-sdk/client-s3';
import { UsageError } from '../core/errors';
import { edgeMapName, isJpegName } from '../core/frame-names';
import { listObjects, type ListedObject } from './s3-listing';
import { s3Url } from './s3-location';
import { targetOf, type Listing, type TransferJob, type TransferPlan } from './transfer-plan';

/** The run's frames in order; a listing's failure ends it (S3ListingError, or a UsageError for an input with no frames). */
export async function* transferJobs(plan: TransferPlan, s3: S3Client, pageSize?: number): AsyncGenerator<TransferJob> {
  const claims = new OutputClaims(plan);
  for (const job of plan.files) yield claims.checked(job);
  for (const listing of plan.listings) {
    let frames = 0;
    for await (const object of listObjects(s3, listing.location, pageSize)) {
      if (!isFrameOf(listing, object.key)) continue;
      frames++;
      yield claims.checked(jobOf(plan, listing, object));
    }
    if (frames === 0) throw new UsageError(`input ${listing.url} holds no .jpg/.jpeg object`);
  }
}

/** A .jpg/.jpeg key under the listing's prefix that is not one of this run's outputs. */
function isFrameOf(listing: Listing, key: string): boolean {
  return key.startsWith(listing.location.prefix) && isJpegName(key) && !(listing.exclude !== undefined && key.startsWith(listing.exclude));
}

function jobOf(plan: TransferPlan, listing: Listing, object: ListedObject): TransferJob {
  const { bucket, prefix } = listing.location;
  const name = edgeMapName(object.key.slice(prefix.length), plan.format);
  const source = { kind: 's3' as const, bucket, key: object.key };
  return { input: s3Url(bucket, object.key), from: listing.url, source, listedETag: object.eTag, ...targetOf(plan.out, name) };
}

/**
 * Who writes which output. Outputs of one listing are distinct (keys are), and the file inputs'
 * were checked up front, so outputs are remembered (one string each) only when a run has more
 * than one input that could write the same one.
 */
class OutputClaims {
  private readonly writers?: Map<string, string>;

  constructor(private readonly plan: TransferPlan) {
    const sources = plan.listings.length + (plan.files.length > 0 ? 1 : 0);
    if (sources > 1) this.writers = new Map();
  }

  checked(job: TransferJob): TransferJob {
    const refusal = this.landsAmongInputs(job) ?? this.writtenTwice(job);
    return refusal === undefined ? job : { ...job, refusal };
  }

  private landsAmongInputs(job: TransferJob): string | undefined {
    if (job.target.kind !== 's3') return undefined;
    const { bucket, key } = job.target;
    const listing = this.plan.listings.find((candidate) => candidate.location.bucket === bucket && isFrameOf(candidate, key));
    return listing && `the output of ${job.input} would land among the frames of the input ${listing.url}: ${job.output}`;
  }

  private writtenTwice(job: TransferJob): string | undefined {
    const first = this.writers?.get(job.output);
    if (first === undefined) this.writers?.set(job.output, job.input);
    return first && `${first} and ${job.input} would both write ${job.output}`;
  }
}
