// Checks that a video's segments fit together into one H.264 track, and builds the track and
// its whole sample index from them. Pure: no S3.
import { SegmentMismatchError } from './errors';
import type { VideoTrack } from './mp4/movie-header';
import type { SampleIndex } from './mp4/sample-index';
import { formatFrameRate } from './mp4/timing';
import type { SegmentInfo } from './segment-format';

export interface JoinPlan {
  track: VideoTrack;
  index: SampleIndex;
  frameCount: number;
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

/**
 * Refuses (SegmentMismatchError naming the offending segment's index) unless: all segments share
 * SPS, PPS, size and frame rate; segment 0 starts at frame 0 and each next one where the last
 * ended; every segment starts with a keyframe; and the total is `expectedFrames` when given.
 */
export function planJoin(segments: readonly SegmentInfo[], expectedFrames?: number): JoinPlan {
  if (segments.length === 0) throw new SegmentMismatchError('no segments to join');
  const first = segments[0];
  let nextFrame = 0;
  for (const segment of segments) {
    const fail = (reason: string): never => {
      throw new SegmentMismatchError(reason, segment.indexKey);
    };
    if (!sameBytes(segment.parameterSets.sps, first.parameterSets.sps)) fail(`its SPS differs from segment ${first.segment}'s: the segments were encoded with different settings and cannot share one avcC`);
    if (!sameBytes(segment.parameterSets.pps, first.parameterSets.pps)) fail(`its PPS differs from segment ${first.segment}'s`);
    if (segment.width !== first.width || segment.height !== first.height) fail(`its size ${segment.width}x${segment.height} differs from segment ${first.segment}'s ${first.width}x${first.height}`);
    if (formatFrameRate(segment.frameRate) !== formatFrameRate(first.frameRate)) fail(`its frame rate ${formatFrameRate(segment.frameRate)} differs from segment ${first.segment}'s ${formatFrameRate(first.frameRate)}`);
    if (segment.firstFrame > nextFrame) fail(`it starts at frame ${segment.firstFrame}, so frames ${nextFrame}..${segment.firstFrame - 1} are missing`);
    if (segment.firstFrame < nextFrame) fail(`it starts at frame ${segment.firstFrame}, inside the frames before it (which end at ${nextFrame - 1})`);
    if (segment.keyframes[0] !== 0) fail('its first sample is not a keyframe (IDR), so it cannot be decoded on its own');
    nextFrame += segment.frameCount;
  }
  if (expectedFrames !== undefined && nextFrame !== expectedFrames) throw new SegmentMismatchError(`the segments hold ${nextFrame} frames, the video has ${expectedFrames}`, segments[segments.length - 1].indexKey);
  return { track: { parameterSets: first.parameterSets, frameRate: first.frameRate }, index: concatenateIndexes(segments, nextFrame), frameCount: nextFrame };
}

function concatenateIndexes(segments: readonly SegmentInfo[], frameCount: number): SampleIndex {
  const sizes = new Uint32Array(frameCount);
  const keyframes = new Uint32Array(segments.reduce((total, segment) => total + segment.keyframes.length, 0));
  let keyframeCount = 0;
  for (const segment of segments) {
    sizes.set(segment.sizes, segment.firstFrame);
    for (const keyframe of segment.keyframes) keyframes[keyframeCount++] = segment.firstFrame + keyframe;
  }
  return { sizes, keyframes };
}
