// How the command line cuts a video for its encoding threads. The stitch encodes segments of
// STITCH_SEGMENT_FRAMES frames (default 300), each with a fresh encoder whose first picture is an
// IDR, and the encoder starts a new IDR every 2 s of frames within a segment. An IDR picture uses
// nothing from before it, so each segment's run from one IDR to the next can be encoded on its own
// by the same code (encodeSegmentFrames) and gives the same bytes: the video's parts are those
// runs, and the joined video is byte for byte the stitch's. A 10 s video at 30 frames/s is then 5
// parts encoded in parallel instead of one segment on one core.
import { DEFAULT_KEYFRAME_SECONDS } from '../../video/h264';
import { DEFAULT_SEGMENT_FRAMES } from '../../video/stitch/settings';
import { segmentFramesFor } from '../../video/stitch/segments';

/** Frames [first, end) of the video, encoded as one unit whose first picture is an IDR. */
export interface PartRange {
  part: number;
  first: number;
  end: number;
}

/** The encoder's default distance between IDR pictures at `frameRate` (WasmH264Encoder's rule). */
export function keyframeIntervalFor(frameRate: number): number {
  return Math.max(1, Math.round(frameRate * DEFAULT_KEYFRAME_SECONDS));
}

/** The parts of a video of `total` frames: the stitch's segments, each cut every `keyframeInterval` frames from its start. */
export function videoParts(total: number, keyframeInterval: number, segmentFrames = segmentFramesFor(total, DEFAULT_SEGMENT_FRAMES)): PartRange[] {
  const parts: PartRange[] = [];
  for (let segment = 0; segment < total; segment += segmentFrames) {
    const segmentEnd = Math.min(total, segment + segmentFrames);
    for (let first = segment; first < segmentEnd; first += keyframeInterval) {
      parts.push({ part: parts.length, first, end: Math.min(segmentEnd, first + keyframeInterval) });
    }
  }
  return parts;
}
