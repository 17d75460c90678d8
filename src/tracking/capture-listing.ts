// The total of one MediaConvert frame capture output, counted by listing its frames:
// `<videoId>/<name>.<index>.jpg` directly in the folder, for the output's own name only (a job
// may write two captures into one folder). MediaConvert pads indices to 7 digits, so S3's key
// order is index order: the listing checks, key by key, that the indices run on without a gap
// from 0 (or 1), and that the last is the job's final image. Its state is a few numbers (the
// listing's marker, the first and the last index seen), so a listing of millions of frames
// pauses when its invocation's time runs out, is stored on the video item, and goes on in the
// next invocation (the sweeper's, or a redelivered event's): it never has to finish in one.
import { createHash } from 'node:crypto';
import type { CaptureOutput } from './mediaconvert';
import { N, S, num, str, type Item } from './items';

/** One page of a listing with a "/" delimiter: the keys directly under `prefix`. */
export interface ListPage {
  keys: string[];
  /** Absent on the last page. */
  next?: string;
}

export interface ObjectLister {
  listPage(bucket: string, prefix: string, next?: string): Promise<ListPage>;
}

/** Says whether another page may be listed in this invocation. */
export type ListingBudget = () => boolean;

export const UNLIMITED: ListingBudget = () => true;

export interface ListingState {
  output: CaptureOutput;
  jobId: string;
  frameRate: number;
  marker?: string;
  /** The first index listed (0 or 1) and the last, once frames were listed. */
  first?: number;
  last?: number;
}

export type ListingResult =
  | { kind: 'total'; totalFrames: number; state: ListingState }
  | { kind: 'refused'; reason: string; state: ListingState }
  | { kind: 'paused'; state: ListingState };

export async function continueListing(lister: ObjectLister, start: ListingState, budget: ListingBudget): Promise<ListingResult> {
  const state = { ...start };
  const { bucket, videoId, name } = state.output;
  const frame = new RegExp(`^${escape(name)}\\.(\\d+)\\.jpe?g$`, 'i');
  const prefix = `${videoId}/${name}.`;
  for (;;) {
    if (!budget()) return { kind: 'paused', state };
    const page = await lister.listPage(bucket, prefix, state.marker);
    for (const key of page.keys) {
      const digits = frame.exec(key.slice(videoId.length + 1))?.[1];
      if (digits === undefined) continue;
      const problem = step(state, Number(digits));
      if (problem) return { kind: 'refused', reason: problem, state };
    }
    state.marker = page.next;
    if (page.next === undefined) return finish(state);
  }
}

/** Takes the next index listed; a reason if the indices cannot be a whole capture. */
function step(state: ListingState, index: number): string | undefined {
  if (state.last === undefined) {
    if (index > 1) return `the first frame listed is ${index}: frames before it are missing`;
    state.first = index;
    state.last = index;
    return undefined;
  }
  if (index === state.last) return undefined; // the same index under another extension or case
  if (index === state.last + 1) {
    state.last = index;
    return undefined;
  }
  if (index > state.last) return `frames ${state.last + 1}${index - 1 > state.last + 1 ? `-${index - 1}` : ''} are missing (the next listed is ${index})`;
  return `indices are not in key order (${index} after ${state.last}): names not padded to a fixed width as MediaConvert's are`;
}

function finish(state: ListingState): ListingResult {
  if (state.last === undefined || state.first === undefined) return { kind: 'refused', reason: 'no frames listed', state };
  if (state.last !== state.output.lastIndex) {
    return { kind: 'refused', reason: `the highest index listed is ${state.last}, the job's final image is ${state.output.lastIndex}`, state };
  }
  return { kind: 'total', totalFrames: state.last - state.first + 1, state };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a paused listing is kept on the video item: one attribute per job output. */
export function listingAttribute(output: CaptureOutput): string {
  return `fp_Listing_${createHash('sha256').update(`${output.bucket}\n${output.name}`).digest('hex').slice(0, 12)}`;
}

export function isListingAttribute(name: string): boolean {
  return /^fp_Listing_[0-9a-f]{12}$/.test(name);
}

export function listingItem(state: ListingState): Item[string] {
  const { output } = state;
  const fields: Item = { Bucket: S(output.bucket), Name: S(output.name), Expected: N(output.lastIndex), JobId: S(state.jobId), Rate: N(state.frameRate) };
  if (state.marker !== undefined) fields.Marker = S(state.marker);
  if (state.first !== undefined) fields.First = N(state.first);
  if (state.last !== undefined) fields.Last = N(state.last);
  return { M: fields };
}

export function listingOf(videoId: string, value: Item[string] | undefined): ListingState | undefined {
  const fields = value?.M;
  const bucket = str(fields, 'Bucket');
  const name = str(fields, 'Name');
  const lastIndex = num(fields, 'Expected');
  if (!fields || bucket === undefined || name === undefined || lastIndex === undefined) return undefined;
  return {
    output: { bucket, videoId, name, lastIndex },
    jobId: str(fields, 'JobId') ?? '',
    frameRate: num(fields, 'Rate') ?? 30,
    marker: str(fields, 'Marker'),
    first: num(fields, 'First'),
    last: num(fields, 'Last'),
  };
}
