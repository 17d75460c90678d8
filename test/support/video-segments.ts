// Segments for join tests: consecutive runs of index-encoding frames, each encoded by libx264 as
// its own segment (an IDR first, the same settings, so the same SPS/PPS), written to S3 as a
// segment invocation would. Plus an S3 wrapper that records calls and injects faults a real
// server cannot produce on cue.
import type { S3Client } from '@aws-sdk/client-s3';
import type { FrameRate } from '../../src/video/mp4/timing';
import type { SegmentToWrite } from '../../src/video/segment-format';
import { putSegment } from '../../src/video/segment-store';
import type { VideoS3 } from '../../src/video/video-s3';
import { encodeWithX264, type X264Segment } from './x264';

export interface SegmentsSpec extends Omit<X264Segment, 'firstFrame' | 'frameCount' | 'frameRate'> {
  videoId: string;
  /** Frames per segment, in order. */
  frameCounts: number[];
  frameRate?: FrameRate;
}

/** Encodes each segment (two ffmpeg processes at a time). */
export async function encodeSegments(spec: SegmentsSpec): Promise<SegmentToWrite[]> {
  const { videoId, frameCounts, frameRate = { numerator: 30, denominator: 1 }, ...x264 } = spec;
  const starts = frameCounts.map((_, i) => frameCounts.slice(0, i).reduce((a, b) => a + b, 0));
  const segments = new Array<SegmentToWrite>(frameCounts.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < frameCounts.length; i = next++) {
      const stream = await encodeWithX264({ ...x264, firstFrame: starts[i], frameCount: frameCounts[i], frameRate: `${frameRate.numerator}/${frameRate.denominator}` });
      segments[i] = { videoId, segment: i, firstFrame: starts[i], frameRate, parameterSets: stream.parameterSets, samples: stream.samples };
    }
  };
  await Promise.all([worker(), worker()]);
  return segments;
}

export async function putSegments(s3: VideoS3, bucket: string, segments: readonly SegmentToWrite[]): Promise<void> {
  for (const segment of segments) await putSegment(s3, bucket, segment);
}

/** Decides whether call `number` (1-based, counting all calls) of this kind fails. */
export type Fault = (call: { name: string; input: Record<string, unknown>; number: number }) => Error | undefined;

export interface RecordingS3 extends VideoS3 {
  /** "CommandName" or "UploadPartCommand#3", in the order sent. */
  calls: string[];
}

/** A VideoS3 over a real client that records each call and fails the ones `fault` picks. */
export function recordingS3(client: S3Client, fault: Fault = () => undefined): RecordingS3 {
  const calls: string[] = [];
  const counts = new Map<string, number>();
  const send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const name = command.constructor.name;
    const number = (counts.get(name) ?? 0) + 1;
    counts.set(name, number);
    calls.push(command.input.PartNumber ? `${name}#${command.input.PartNumber}` : name);
    const error = fault({ name, input: command.input, number });
    if (error) throw error;
    return client.send(command as unknown as Parameters<S3Client["send"]>[0]);
  };
  return { calls, send } as unknown as RecordingS3;
}

/** An error shaped as the SDK's for a failed request (name and HTTP status). */
export function s3Failure(name: string, status: number): Error {
  return Object.assign(new Error(`injected ${name}`), { name, $metadata: { httpStatusCode: status } });
}
