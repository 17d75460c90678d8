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
  /** names[i]: the file of frame i; undefined when there is none. */
  names: (string | undefined)[];
  total: number;
  /** Image files that are not frames 0..total-1: no index, an index too large, or past capture.json's total. */
  ignored: NamedCount;
  /** Files naming a frame another file already names: the first name in sorted order is used, as the stitch does. */
  duplicates: NamedCount;
}

/** Indexes `names` (sorted, each the name of a file directly in the folder); `total` is capture.json's, when given. */
export function indexFrames(names: Iterable<string>, edgeMaps: boolean, total?: number): IndexedFrames {
  const found: Array<[number, string]> = [];
  const ignored: NamedCount = { count: 0, examples: [] };
  const duplicates: NamedCount = { count: 0, examples: [] };
  const note = (counted: NamedCount, name: string) => counted.count++ < EXAMPLES && counted.examples.push(name);
  for (const name of names) {
    if (!(edgeMaps ? isImageName : isJpegName)(name)) continue;
    const index = indexOf(name, edgeMaps);
    if (index !== undefined && (total === undefined || index < total)) found.push([index, name]);
    else note(ignored, name);
  }
  const length = total ?? found.reduce((highest, [index]) => Math.max(highest, index + 1), 0);
  const byIndex = new Array<string | undefined>(length).fill(undefined);
  for (const [index, name] of found) {
    if (byIndex[index] === undefined) byIndex[index] = name;
    else note(duplicates, `${name} (frame ${index} is ${byIndex[index]})`);
  }
  return { names: byIndex, total: length, ignored, duplicates };
}

function indexOf(name: string, edgeMaps: boolean): number | undefined {
  if (edgeMaps) {
    const index = edgeMapIndex(name);
    return index !== undefined && index < MAX_TOTAL_FRAMES ? index : undefined;
  }
  const frame = parseFrameKey(`video/${name}`);
  return frame.tracked ? frame.index : undefined;
}
