// Which file is which frame of the video, from the names directly in its folder, by the rules the
// deployed functions use: a frame is `<name>.<index>.jpg|jpeg` (tracking's frame-key.ts), an edge
// map `<name>.<index>.jpg|jpeg|png` (the stitch's edge-maps.ts). The total is capture.json's when
// there is one, else the highest index plus one; a frame with no file is filled, as the stitch
// fills it. Pure: names in, one name per index out.
import { isJpegName, MAX_TOTAL_FRAMES, parseFrameKey } from '../../tracking/frame-key';
import { edgeMapIndex } from '../../video/stitch/edge-maps';

const isImageName = (name: string) => /\.(jpe?g|png)$/i.test(name);
/** Names given as examples in a notice, at most. */
const EXAMPLES = 3;

export interface NamedCount {
  count: number;
  /** The first few, for a message. */
  examples: string[];
}

export interface IndexedFrames {
  /** names[i]: the file of frame base + i; undefined when there is none. */
  names: (string | undefined)[];
  total: number;
  /** The first frame's index: 0, or 1 for frames numbered from 1. */
  base: 0 | 1;
  /** Image files that are not frames 0..total-1: no index, an index too large, or past capture.json's total. */
  ignored: NamedCount;
  /** Files naming a frame another file already names: the first name in sorted order is used, as the stitch does. */
  duplicates: NamedCount;
}

/**
 * Indexes `names` (sorted, each the name of a file directly in the folder); `total` is capture.json's,
 * when given. Frames run from 0 or from 1 (ffmpeg's default), decided as tracking decides: from 0
 * when frame 0 is there; from 1 when it is not and an index equals the total (or, with no total,
 * the lowest index is 1).
 */
export function indexFrames(names: Iterable<string>, edgeMaps: boolean, total?: number): IndexedFrames {
  const candidates: Array<[number, string]> = [];
  const ignored: NamedCount = { count: 0, examples: [] };
  const duplicates: NamedCount = { count: 0, examples: [] };
  const note = (counted: NamedCount, name: string) => counted.count++ < EXAMPLES && counted.examples.push(name);
  for (const name of names) {
    if (!(edgeMaps ? isImageName : isJpegName)(name)) continue;
    const index = indexOf(name, edgeMaps);
    if (index === undefined) note(ignored, name);
    else candidates.push([index, name]);
  }
  const base = numberingBase(candidates.map(([index]) => index), total);
  const found: Array<[number, string]> = [];
  for (const [index, name] of candidates) {
    const frame = index - base;
    if (frame >= 0 && (total === undefined || frame < total)) found.push([frame, name]);
    else note(ignored, name);
  }
  const length = total ?? found.reduce((highest, [frame]) => Math.max(highest, frame + 1), 0);
  const byIndex = new Array<string | undefined>(length).fill(undefined);
  for (const [frame, name] of found) {
    if (byIndex[frame] === undefined) byIndex[frame] = name;
    else note(duplicates, `${name} (frame ${frame + base} is ${byIndex[frame]})`);
  }
  return { names: byIndex, total: length, base, ignored, duplicates };
}

function numberingBase(indices: number[], total?: number): 0 | 1 {
  if (indices.length === 0 || indices.includes(0)) return 0;
  if (total !== undefined) return indices.includes(total) ? 1 : 0;
  return Math.min(...indices) === 1 ? 1 : 0;
}

function indexOf(name: string, edgeMaps: boolean): number | undefined {
  if (edgeMaps) {
    const index = edgeMapIndex(name);
    return index !== undefined && index < MAX_TOTAL_FRAMES ? index : undefined;
  }
  const frame = parseFrameKey(`video/${name}`);
  return frame.tracked ? frame.index : undefined;
}
