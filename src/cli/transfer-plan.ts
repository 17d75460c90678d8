// A run with S3 on either side, planned before any work: which inputs are files (found and checked
// now, as in a run on files) and which are S3 prefixes (listed while the run goes), where outputs
// go, and the refusals that need no listing: an --out prefix that is an input prefix, an S3 input
// given twice, and for files the same refusals as ever.
import { sep } from 'node:path';
import { UsageError } from '../core/errors';
import type { OutputFormat } from '../core/pipeline';
import type { CliOptions } from './args';
import { findJobs, type FrameJob } from './files';
import { checkOutFolder, checkOutputs } from './output-checks';
import { isS3Url, parseS3Url, s3Url, within, type S3Location } from './s3-location';

export type Place = { kind: 'file'; path: string } | { kind: 's3'; bucket: string; key: string };

/** A frame of a run with S3 on either side; `input` and `output` are a path or an s3:// URL. */
export interface TransferJob extends FrameJob {
  source: Place;
  /** The ETag the listing gave: an output made from it is skipped before any download. */
  listedETag?: string;
  target: Place;
  /** Why the frame must not be written: its output would overwrite an input, or another frame's output. */
  refusal?: string;
}

export type OutPlace = { kind: 'file'; dir: string } | { kind: 's3'; location: S3Location };

export interface Listing {
  url: string;
  location: S3Location;
  /** Keys under this prefix are outputs of this run (--out lies inside the input), not frames. */
  exclude?: string;
}

export interface TransferPlan {
  out: OutPlace;
  files: TransferJob[];
  listings: Listing[];
  format: OutputFormat;
}

/** True when the run needs S3: an input or --out is an s3:// URL. */
export function usesS3(options: Pick<CliOptions, 'inputs' | 'out'>): boolean {
  return isS3Url(options.out) || options.inputs.some(isS3Url);
}

export async function planTransfers(options: CliOptions): Promise<TransferPlan> {
  const out: OutPlace = isS3Url(options.out) ? { kind: 's3', location: parseS3Url(options.out, '--out') } : { kind: 'file', dir: options.out };
  const listings = listingsOf(options.inputs.filter(isS3Url), out);
  const files = await fileJobs(options.inputs.filter((input) => !isS3Url(input)), out, options.format);
  return { out, files, listings, format: options.format };
}

/** The place an edge map goes: `name` (its path below --out, '/'-separated: edgeMapName of the frame's) under --out. */
export function targetOf(out: OutPlace, name: string): { output: string; target: Place } {
  if (out.kind === 'file') {
    const path = [out.dir, ...name.split('/')].join(sep);
    return { output: path, target: { kind: 'file', path } };
  }
  const key = out.location.prefix + name;
  return { output: s3Url(out.location.bucket, key), target: { kind: 's3', bucket: out.location.bucket, key } };
}

function listingsOf(urls: string[], out: OutPlace): Listing[] {
  const listings: Listing[] = [];
  for (const url of urls) {
    const location = parseS3Url(url, 'input');
    const twice = listings.find((listing) => listing.location.bucket === location.bucket && listing.location.prefix === location.prefix);
    if (twice) throw new UsageError(`${twice.url} and ${url} are one input, given twice`);
    if (out.kind === 's3' && within(location, out.location) && within(out.location, location)) {
      throw new UsageError(`--out ${s3Url(out.location.bucket, out.location.prefix)} is the input ${url}: its frames would be overwritten`);
    }
    const outInside = out.kind === 's3' && within(out.location, location);
    listings.push({ url, location, exclude: outInside ? out.location.prefix : undefined });
  }
  return listings;
}

/** The file inputs' jobs, found and checked as a run on files checks them. */
async function fileJobs(inputs: string[], out: OutPlace, format: OutputFormat): Promise<TransferJob[]> {
  if (inputs.length === 0) return [];
  if (out.kind === 'file') {
    const realOut = await checkOutFolder(out.dir, inputs);
    const jobs = await findJobs(inputs, out.dir, realOut, format);
    await checkOutputs(jobs);
    return jobs.map((job) => ({ ...job, source: { kind: 'file', path: job.input }, target: { kind: 'file', path: job.output } }));
  }
  // With no output folder the outputs are found relative to '' (no folder is left out of the search).
  const relative = await findJobs(inputs, '', '', format);
  const jobs = relative.map((job) => ({ ...job, ...targetOf(out, job.output.split(sep).join('/')), source: { kind: 'file' as const, path: job.input } }));
  await checkOutputs(jobs, true);
  return jobs;
}
