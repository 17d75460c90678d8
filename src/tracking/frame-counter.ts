// The total of a video captured by MediaConvert: the number of distinct frame indices among the
// .jpg/.jpeg objects directly in its folder (sub-folders are other videos), listed page by page.
// Only a bit per index is kept, never the listing. The indices must be exactly 0..N-1 (as frame
// capture writes them), else the video could never complete: that is refused, not guessed.
import { FrameCountError } from './errors';
import { MAX_TOTAL_FRAMES, parseFrameKey } from './frame-key';
import type { CaptureOutput } from './mediaconvert';

/** One page of a listing with a "/" delimiter: the keys directly under `prefix`. */
export interface ListPage {
  keys: string[];
  /** Absent on the last page. */
  next?: string;
}

export interface ObjectLister {
  listPage(bucket: string, prefix: string, next?: string): Promise<ListPage>;
}

export interface FrameCount {
  /** Distinct frame indices found. */
  frames: number;
  /** Highest index found, -1 if none. */
  lastIndex: number;
  /** .jpg/.jpeg objects listed (more than `frames` if two names share an index). */
  objects: number;
}

export async function countFrames(lister: ObjectLister, bucket: string, videoId: string): Promise<FrameCount> {
  const seen = new IndexSet();
  let objects = 0;
  let next: string | undefined;
  do {
    const page = await lister.listPage(bucket, `${videoId}/`, next);
    for (const key of page.keys) {
      const frame = parseFrameKey(key);
      if (!frame.tracked || frame.videoId !== videoId) continue;
      objects++;
      seen.add(frame.index);
    }
    next = page.next;
  } while (next !== undefined);
  return { frames: seen.size, lastIndex: seen.highest, objects };
}

/** The total of one MediaConvert capture output, checked against the event's last frame. */
export async function totalOfCapture(lister: ObjectLister, output: CaptureOutput): Promise<number> {
  const source = `s3://${output.bucket}/${output.videoId}/`;
  const count = await countFrames(lister, output.bucket, output.videoId);
  if (count.frames === 0) throw new FrameCountError('no .jpg/.jpeg frames listed', source);
  if (count.lastIndex + 1 !== count.frames) {
    throw new FrameCountError(`${count.frames} distinct frame indices but the highest is ${count.lastIndex}: indices are not 0..N-1`, source);
  }
  if (count.lastIndex !== output.lastIndex) {
    throw new FrameCountError(`highest index listed is ${count.lastIndex}, the job's final image is ${output.lastIndex}`, source);
  }
  return count.frames;
}

/** A set of indices in [0, MAX_TOTAL_FRAMES) as a bitmap that grows as needed (1.25 MB at most). */
class IndexSet {
  private bits = new Uint8Array(1024);
  size = 0;
  highest = -1;

  add(index: number): void {
    if (index >= MAX_TOTAL_FRAMES) return;
    const byte = index >> 3;
    if (byte >= this.bits.length) this.grow(byte + 1);
    const mask = 1 << (index & 7);
    if (this.bits[byte] & mask) return;
    this.bits[byte] |= mask;
    this.size++;
    this.highest = Math.max(this.highest, index);
  }

  private grow(minimum: number): void {
    const grown = new Uint8Array(Math.max(minimum, this.bits.length * 2));
    grown.set(this.bits);
    this.bits = grown;
  }
}
