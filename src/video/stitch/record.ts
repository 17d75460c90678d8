// The `edgeVideo` section of `<videoId>/video.json`, and the whole record, built from the video
// item alone: the outcome and its figures are written once (conditionally), so every publication
// of a video is the same bytes however often a retry or the sweeper repeats it.
import { N, num, str, type Item } from '../../tracking/items';
import { DEFAULT_FRAME_RATE } from '../../tracking/manifest';
import { videoRecord, type VideoRecord } from '../../tracking/publish';
import { A } from '../../tracking/table';
import { edgesVideoKey } from '../segment-format';
import { listFills, type FillRun } from './fills';
import { SA } from './state';

/** Fills listed one by one in the record at most (fillCount is always exact). */
export const MAX_LISTED_FILLS = 1000;
/** Fill runs kept on the video item at most (400 KB item limit; each run is three numbers). */
export const MAX_STORED_FILL_RUNS = 1000;

export interface CreatedEdgeVideo {
  status: 'created';
  key: string;
  frames: number;
  frameRate: number;
  /** Decoded picture size: the edge maps' size rounded up to even numbers (H.264 4:2:0). */
  width: number;
  height: number;
  codec: string;
  bytes: number;
  /** Bits per second of the whole file over the video's duration. */
  bitrate: number;
  durationSeconds: number;
  segments: number;
  segmentFrames: number;
  qp: number;
  fillCount: number;
  /** Frames shown with another frame's edge map: index and the frame shown, in index order. */
  fills: { index: number; frame: number }[];
  fillsTruncated: boolean;
  stitchedAt: string;
}

export interface NoEdgeVideo {
  /** refused: the frames cannot make one video (a size change, an unreadable edge map); none: nothing to show. */
  status: 'refused' | 'none';
  reason: string;
  decidedAt: string;
}

export type EdgeVideoSection = CreatedEdgeVideo | NoEdgeVideo;

export type StitchedVideoRecord = VideoRecord & { edgeVideo: EdgeVideoSection };

/** The fill runs as stored on the item: a list of [from, to, frame]. */
export function fillRunsItem(runs: readonly FillRun[]): Item[string] {
  return { L: runs.slice(0, MAX_STORED_FILL_RUNS).map((run) => ({ L: [N(run.from), N(run.to), N(run.frame)] })) };
}

function fillRunsOf(item: Item): FillRun[] {
  return (item[SA.fills]?.L ?? []).map((entry) => {
    const [from, to, frame] = (entry.L ?? []).map((value) => Number(value.N));
    return { from, to, frame };
  });
}

/** The section for a video whose outcome is recorded. */
export function edgeVideoSection(videoId: string, item: Item): EdgeVideoSection {
  const outcome = str(item, SA.outcome);
  const decidedAt = new Date(num(item, SA.outcomeAt) ?? 0).toISOString();
  if (outcome !== 'created') return { status: outcome === 'none' ? 'none' : 'refused', reason: str(item, SA.reason) ?? 'no reason recorded', decidedAt };
  const frames = num(item, A.total) ?? 0;
  const frameRate = num(item, A.frameRate) ?? DEFAULT_FRAME_RATE;
  const bytes = num(item, SA.bytes) ?? 0;
  const durationSeconds = frames / frameRate;
  const fillCount = num(item, SA.fillCount) ?? 0;
  // Runs are kept by position in the video; the record names frames by their numbers.
  const base = num(item, A.base) ?? 0;
  const fills = listFills(fillRunsOf(item), MAX_LISTED_FILLS).map((fill) => ({ index: fill.index + base, frame: fill.frame + base }));
  return {
    status: 'created',
    key: edgesVideoKey(videoId),
    frames,
    frameRate,
    width: num(item, SA.displayWidth) ?? 0,
    height: num(item, SA.displayHeight) ?? 0,
    codec: str(item, SA.codec) ?? '',
    bytes,
    bitrate: Math.round((bytes * 8) / durationSeconds),
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    segments: num(item, SA.segments) ?? 0,
    segmentFrames: num(item, SA.segmentFrames) ?? 0,
    qp: num(item, SA.qp) ?? 0,
    fillCount,
    fills,
    fillsTruncated: fills.length < fillCount,
    stitchedAt: decidedAt,
  };
}

/** The frame accounting's record with the edgeVideo section added (fields in a fixed order). */
export function stitchedRecord(videoId: string, item: Item): StitchedVideoRecord {
  return { ...videoRecord(videoId, item), edgeVideo: edgeVideoSection(videoId, item) };
}

export function stitchedRecordJson(record: StitchedVideoRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
