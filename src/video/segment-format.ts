// What one segment invocation leaves in S3 for the join: a data object holding its AVCC samples
// back to back, and an index object (JSON) describing them. Keys, under the output bucket:
//
//   <videoId>/.stitch/segment-00003.json                     the index (written last: its
//                                                            presence means the segment is whole)
//   <videoId>/.stitch/segment-00003.<sha256 prefix>.h264      the data, named by its content
//
// Naming the data by its SHA-256 makes an index and its data always agree, even when two
// attempts of the same segment race or a retry encodes different bytes: each index points at
// exactly the bytes it describes, and the last index written wins whole.
//
// Index, format "frame-processor/h264-segment", version 1 (a reader refuses other versions):
//   videoId, segment (0-based), firstFrame (video frame index of sample 0), frameCount,
//   width, height (the SPS's cropped size), frameRate {numerator, denominator},
//   sps, pps (base64 NAL units: header byte, no start code), sampleSizes (bytes, one per frame),
//   keyframes (0-based sample numbers of IDR frames, ascending; 0 first), dataKey, dataBytes,
//   dataSha256 (hex). The join checks every field (segment-index-reader.ts).
import { createHash } from 'node:crypto';
import type { ParameterSets } from './mp4/avc-config';
import { checkParameterSets } from './mp4/avc-config';
import { checkSampleIndex, indexSamples, type EncodedSample } from './mp4/sample-index';
import { toFrameRate, type FrameRate } from './mp4/timing';

export const SEGMENT_FORMAT = 'frame-processor/h264-segment';
export const SEGMENT_FORMAT_VERSION = 1;

/** The JSON of a segment index, as stored. */
export interface SegmentIndexJson {
  format: typeof SEGMENT_FORMAT;
  version: typeof SEGMENT_FORMAT_VERSION;
  videoId: string;
  segment: number;
  firstFrame: number;
  frameCount: number;
  width: number;
  height: number;
  frameRate: FrameRate;
  sps: string;
  pps: string;
  sampleSizes: number[];
  keyframes: number[];
  dataKey: string;
  dataBytes: number;
  dataSha256: string;
}

/** A segment index as read and checked, in the shapes the muxer uses. */
export interface SegmentInfo {
  /** The index object's key (named in errors). */
  indexKey: string;
  videoId: string;
  segment: number;
  firstFrame: number;
  frameCount: number;
  width: number;
  height: number;
  frameRate: FrameRate;
  parameterSets: ParameterSets;
  sizes: Uint32Array;
  keyframes: Uint32Array;
  dataKey: string;
  dataBytes: number;
  dataSha256: string;
}

/** Where a video's segments live: `<videoId>/.stitch/`. */
export const stitchPrefix = (videoId: string) => `${videoId}/.stitch/`;

const segmentName = (segment: number) => `segment-${String(segment).padStart(5, '0')}`;

export const segmentIndexKey = (videoId: string, segment: number) => `${stitchPrefix(videoId)}${segmentName(segment)}.json`;

export const segmentDataKey = (videoId: string, segment: number, sha256: string) => `${stitchPrefix(videoId)}${segmentName(segment)}.${sha256.slice(0, 16)}.h264`;

/** The joined video's key: `<videoId>/edges.mp4`. */
export const edgesVideoKey = (videoId: string) => `${videoId}/edges.mp4`;

export interface SegmentToWrite {
  videoId: string;
  segment: number;
  firstFrame: number;
  frameRate: FrameRate;
  parameterSets: ParameterSets;
  samples: readonly EncodedSample[];
}

/** The data bytes and index of a segment (checked as the join will check them). */
export function describeSegment(input: SegmentToWrite): { data: Uint8Array; index: SegmentIndexJson; dataKey: string; indexKey: string } {
  const indexKey = segmentIndexKey(input.videoId, input.segment);
  const info = checkParameterSets(input.parameterSets, indexKey);
  const sampleIndex = indexSamples(input.samples);
  const dataBytes = checkSampleIndex(sampleIndex, indexKey);
  const data = Buffer.concat(input.samples.map((sample) => sample.data), dataBytes);
  const dataSha256 = createHash('sha256').update(data).digest('hex');
  const dataKey = segmentDataKey(input.videoId, input.segment, dataSha256);
  const index: SegmentIndexJson = {
    format: SEGMENT_FORMAT,
    version: SEGMENT_FORMAT_VERSION,
    videoId: input.videoId,
    segment: input.segment,
    firstFrame: input.firstFrame,
    frameCount: input.samples.length,
    width: info.width,
    height: info.height,
    frameRate: toFrameRate(input.frameRate),
    sps: Buffer.from(input.parameterSets.sps).toString('base64'),
    pps: Buffer.from(input.parameterSets.pps).toString('base64'),
    sampleSizes: Array.from(sampleIndex.sizes),
    keyframes: Array.from(sampleIndex.keyframes),
    dataKey,
    dataBytes,
    dataSha256,
  };
  return { data, index, dataKey, indexKey };
}
