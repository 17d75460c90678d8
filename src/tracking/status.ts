// A video's progress, read from the table (for `frame-processor status <videoId>`): processed,
// failed, the total in use with its source and every total seen, the numbering, a stall and its
// reason, and an estimate of the time left from the pace so far. A completed video answers from
// its record. Counting reads the video's groups, and only the chunks not done (a done chunk is
// whole; its failures are read only if its group says it has some), 100 at a time.
import { viewChunk, viewGroup, type ChunkView } from './chunks';
import { batchGetConsistent, getConsistent, num, numSet, str, type Item, type Table } from './items';
import { numberingOf } from './numbering';
import { framesOfChunk, requirements, type Layout, type Numbering, type Span } from './ranges';
import { A, OUTBOX, chunkKey, groupKey, videoKey } from './table';
import { totalInUse, totalsSeen } from './totals';

export interface VideoStatus {
  videoId: string;
  state: 'unknown' | 'waiting-for-total' | 'waiting-for-numbering' | 'in-progress' | 'complete' | 'complete_with_failures';
  totalFrames?: number;
  frameRate?: number;
  /** The source of the total in use (manifest, mediaconvert, table), and every total recorded. */
  totalSource?: string;
  totalsSeen: { source: string; totalFrames: number; at: string }[];
  /** The last total that could not be recorded (a MediaConvert output with a gap...), and why. */
  totalProblem?: string;
  /** 0 or 1 once decided, and what decided it. */
  firstFrameIndex?: number;
  firstFrameIndexFrom?: string;
  processedFrames: number;
  failedFrames: number;
  /** ISO 8601 times. */
  firstFrameAt?: string;
  lastFrameAt?: string;
  completedAt?: string;
  /** Marked stalled by the sweeper (no progress for VIDEO_STALL_AFTER), with the reason. */
  stalled?: { at: string; reason: string };
  /** The record's version (1 at completion, one more per correction). */
  version?: number;
  /** True once the record's current version and its event went out. */
  published: boolean;
  /** Seconds left at the pace so far; absent without a total or a pace. */
  estimatedSecondsLeft?: number;
}

export interface VideoStatusRead {
  status: VideoStatus;
  /** The video item as read (the edge video's state is read from it too), if there is one. */
  item?: Item;
}

export async function readVideoStatus(table: Table, layout: Layout, videoId: string): Promise<VideoStatusRead> {
  const video = await getConsistent(table, videoKey(videoId));
  const total = totalInUse(video);
  const stalledAt = num(video, A.stalledAt);
  const base = {
    videoId, totalFrames: total?.frames, frameRate: total?.frameRate, totalSource: total?.source, totalsSeen: totalsSeen(video).map((seen) => ({ ...seen, at: iso(seen.at)! })),
    totalProblem: str(video, A.totalProblem),
    stalled: stalledAt === undefined ? undefined : { at: iso(stalledAt)!, reason: str(video, A.stallReason) ?? '' },
    published: false,
  };
  if (video?.[A.completedAt]) {
    const state = str(video, A.status) === 'complete_with_failures' ? 'complete_with_failures' : 'complete';
    const status: VideoStatus = {
      ...base, state, totalFrames: num(video, A.total), frameRate: num(video, A.frameRate), totalSource: str(video, A.totalSource),
      firstFrameIndex: num(video, A.base), firstFrameIndexFrom: str(video, A.baseBy),
      processedFrames: num(video, A.processed) ?? 0, failedFrames: num(video, A.failedCount) ?? 0, completedAt: iso(num(video, A.completedAt)), version: num(video, A.version) ?? 1,
      published: num(video, A.publishedVersion) === (num(video, A.version) ?? 1) && ![OUTBOX.publish, OUTBOX.correct].includes(str(video, A.outbox) as 'publish'),
    };
    return { status, item: video };
  }
  if (!video) return { status: { ...base, state: 'unknown', processedFrames: 0, failedFrames: 0 } };
  const numbering = total ? numberingOf(video, total.frames) : undefined;
  const tally = await tallyFrames(table, layout, videoId, video, numbering);
  const first = num(video, A.startedAt) ?? tally.firstAt;
  const last = Math.max(tally.lastAt, num(video, A.progressAt) ?? 0);
  const done = tally.processed + tally.failed;
  const paceMs = done > 1 && first !== undefined && last > first ? (last - first) / (done - 1) : undefined;
  const state = !total ? 'waiting-for-total' : numbering ? 'in-progress' : 'waiting-for-numbering';
  const status: VideoStatus = {
    ...base, state, firstFrameIndex: numbering?.base, firstFrameIndexFrom: str(video, A.baseBy),
    processedFrames: tally.processed, failedFrames: tally.failed,
    firstFrameAt: iso(first), lastFrameAt: iso(last > 0 ? last : undefined),
    estimatedSecondsLeft: total && paceMs !== undefined ? Math.round((Math.max(0, total.frames - done) * paceMs) / 1000) : undefined,
  };
  return { status, item: video };
}

interface Tally {
  processed: number;
  failed: number;
  firstAt?: number;
  lastAt: number;
}

/** Frames in (within the range once the numbering is known), from the registered groups: whole chunks from their group, the others read. */
async function tallyFrames(table: Table, layout: Layout, videoId: string, video: Item, numbering: Numbering | undefined): Promise<Tally> {
  const tally: Tally = { processed: 0, failed: 0, lastAt: 0 };
  const frames: Span | undefined = numbering ? requirements(layout, numbering).frames : undefined;
  const count = (view: ChunkView, whole: boolean) => {
    const span = frames ? framesOfChunk(frames, view.chunk, layout) : { lo: view.chunk * layout.chunkSize, hi: (view.chunk + 1) * layout.chunkSize };
    const first = view.chunk * layout.chunkSize;
    const inSpan = (offset: number) => first + offset >= span.lo && first + offset < span.hi;
    const failed = [...view.failedOnly].filter(inSpan).length;
    const present = whole ? Math.max(0, span.hi - span.lo) : [...view.present].filter(inSpan).length;
    tally.processed += present - failed;
    tally.failed += failed;
    if (view.firstAt !== undefined) tally.firstAt = Math.min(tally.firstAt ?? Infinity, view.firstAt);
    tally.lastAt = Math.max(tally.lastAt, view.updatedAt ?? 0);
  };
  const groups = numSet(video, A.groups).sort((a, b) => a - b);
  for (let start = 0; start < groups.length; start += 100) {
    const batch = groups.slice(start, start + 100);
    const items = await batchGetConsistent(table, batch.map((group) => groupKey(videoId, group)));
    for (const group of batch) {
      const view = viewGroup(items.get(groupKey(videoId, group)), group);
      tally.lastAt = Math.max(tally.lastAt, view.updatedAt ?? 0);
      const chunks = [...view.registered, ...view.done].filter((offset, i, all) => all.indexOf(offset) === i).sort((a, b) => a - b);
      const toRead = chunks.filter((offset) => !view.done.has(offset) || view.failed.has(offset)).map((offset) => group * layout.groupSize + offset);
      for (const offset of chunks) if (view.done.has(offset) && !view.failed.has(offset)) count(viewChunk(undefined, group * layout.groupSize + offset), true);
      for (let from = 0; from < toRead.length; from += 100) {
        const read = await batchGetConsistent(table, toRead.slice(from, from + 100).map((chunk) => chunkKey(videoId, chunk)));
        for (const chunk of toRead.slice(from, from + 100)) count(viewChunk(read.get(chunkKey(videoId, chunk)), chunk), false);
      }
    }
  }
  return tally;
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

