// How a video of `total` frames is cut into segments: runs of `segmentFrames` consecutive frames
// (the last may be shorter), each encoded by its own invocation starting with an IDR picture.

/** Segments per video at most: the set of finished segments lives on the video item (400 KB). */
export const MAX_SEGMENTS = 10_000;

/** The segment length used for a video: the setting, raised if the video would need too many segments. */
export function segmentFramesFor(total: number, configured: number): number {
  return Math.max(configured, Math.ceil(total / MAX_SEGMENTS));
}

export function segmentCount(total: number, segmentFrames: number): number {
  return Math.ceil(total / segmentFrames);
}

/** Frames [first, end) of segment `segment`. */
export function segmentRange(segment: number, total: number, segmentFrames: number): { first: number; end: number } {
  const first = segment * segmentFrames;
  return { first, end: Math.min(total, first + segmentFrames) };
}

/** True if `done` holds every segment 0..count-1. */
export function allSegmentsDone(done: readonly number[], count: number): boolean {
  const set = new Set(done);
  for (let segment = 0; segment < count; segment++) if (!set.has(segment)) return false;
  return true;
}
