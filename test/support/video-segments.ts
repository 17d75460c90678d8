// Segments for join tests: consecutive runs of index-encoding frames, each encoded by libx264 as
// its own segment (an IDR first, the same settings, so the same SPS/PPS), written to S3 as a
// segment invocation would. Plus an S3 wrapper that records calls and injects faults a real
// server cannot produce on cue.
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FrameRate } from '../../src/video/mp4/timing';
import type { SegmentToWrite } from '../../src/video/segment-format';
import { putSegment } from '../../src/video/segment-store';
import type { VideoS3 } from '../../src/video/video-s3';
import { seededRandom } from './images';
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

/**
 * Decides whether call `number` (1-based, counting the calls of this command) fails: an Error
 * fails the request; 'cut-body' lets it succeed and then breaks its response body halfway, as a
 * reset connection does.
 */
export type Fault = (call: { name: string; input: Record<string, unknown>; number: number }) => Error | 'cut-body' | undefined;

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
    const outcome = fault({ name, input: command.input, number });
    if (outcome instanceof Error) throw outcome;
    const response = await client.send(command as unknown as Parameters<S3Client['send']>[0]);
    if (outcome === 'cut-body') Object.assign(response, { Body: cutHalfway((response as { Body: Readable }).Body, Number((response as { ContentLength?: number }).ContentLength ?? 0)) });
    return response;
  };
  return { calls, send } as unknown as RecordingS3;
}

/** A stream that passes the first half of `body`, then fails as a reset connection. */
function cutHalfway(body: Readable, length: number): Readable {
  async function* halfThenReset() {
    let passed = 0;
    for await (const chunk of body) {
      if (passed + chunk.length > length / 2) {
        body.destroy();
        throw Object.assign(new Error('read ECONNRESET (injected)'), { code: 'ECONNRESET' });
      }
      passed += chunk.length;
      yield chunk;
    }
  }
  return Readable.from(halfThenReset());
}

/** An error shaped as the SDK's for a failed request (name and HTTP status). */
export function s3Failure(name: string, status: number): Error {
  return Object.assign(new Error(`injected ${name}`), { name, $metadata: { httpStatusCode: status } });
}

/**
 * Segments of synthetic samples (a real SPS/PPS, then length-prefixed NAL units of seeded random
 * payload: IDR first, non-IDR after): valid MP4 input that no decoder will show, for tests about
 * bytes and uploads that need many megabytes without encoding them.
 */
export function syntheticSegments(videoId: string, frameCounts: number[], sampleBytes: number, parameterSets: SegmentToWrite['parameterSets']): SegmentToWrite[] {
  const random = seededRandom(frameCounts.length * 7919 + sampleBytes);
  let firstFrame = 0;
  return frameCounts.map((count, segment) => {
    const samples = Array.from({ length: count }, (_, i) => {
      const data = new Uint8Array(sampleBytes);
      new DataView(data.buffer).setUint32(0, sampleBytes - 4);
      data[4] = i === 0 ? 0x65 : 0x41;
      for (let at = 5; at < sampleBytes; at++) data[at] = (random() * 256) | 0;
      return { data, keyframe: i === 0 };
    });
    const written = { videoId, segment, firstFrame, frameRate: { numerator: 30, denominator: 1 }, parameterSets, samples };
    firstFrame += count;
    return written;
  });
}
