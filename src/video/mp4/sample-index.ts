// The per-sample facts the MP4 header is built from: each sample's size and which samples are
// keyframes. No sample data: a 10-minute 1080p30 video's index is 18,000 sizes (72 KB), so the
// header of any video is built in memory while its data stays in S3.
import { SampleIndexError } from '../errors';

/** One encoded frame: AVCC (4-byte big-endian length-prefixed NAL units, no SPS/PPS). */
export interface EncodedSample {
  data: Uint8Array;
  /** An IDR frame: decoding can start here (a sync sample, listed in stss). */
  keyframe: boolean;
}

export interface SampleIndex {
  /** Byte size of each sample, in decode order (which is also presentation order: no B-frames). */
  sizes: Uint32Array;
  /** 0-based numbers of the keyframe samples, strictly ascending; sample 0 must be one. */
  keyframes: Uint32Array;
}

/** The index of samples held in memory. */
export function indexSamples(samples: readonly EncodedSample[]): SampleIndex {
  const sizes = Uint32Array.from(samples, (sample) => sample.data.length);
  const keyframes: number[] = [];
  samples.forEach((sample, number) => sample.keyframe && keyframes.push(number));
  return { sizes, keyframes: Uint32Array.from(keyframes) };
}

/** Checks the index can be muxed and returns the total data size in bytes. */
export function checkSampleIndex(index: SampleIndex, source = 'sample index'): number {
  const { sizes, keyframes } = index;
  if (sizes.length === 0) throw new SampleIndexError('no samples: a video needs at least one frame', source);
  if (keyframes.length === 0 || keyframes[0] !== 0) throw new SampleIndexError('the first sample is not a keyframe, so playback cannot start', source);
  for (let i = 1; i < keyframes.length; i++) {
    if (keyframes[i] <= keyframes[i - 1]) throw new SampleIndexError(`keyframe numbers are not strictly ascending at entry ${i}`, source);
  }
  if (keyframes[keyframes.length - 1] >= sizes.length) throw new SampleIndexError(`keyframe ${keyframes[keyframes.length - 1]} is past the last sample ${sizes.length - 1}`, source);
  let dataBytes = 0;
  for (let i = 0; i < sizes.length; i++) {
    // The smallest AVCC sample is a 4-byte length and a 1-byte NAL header.
    if (sizes[i] < 5) throw new SampleIndexError(`sample ${i} has ${sizes[i]} bytes, under the 5 of one length-prefixed NAL unit`, source);
    dataBytes += sizes[i];
  }
  return dataBytes;
}
