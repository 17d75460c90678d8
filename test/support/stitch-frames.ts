// Videos for the stitch tests: edge maps whose content shows their frame index (index-frames.ts),
// written to the output bucket as the frame function would (JPEG keeps the frame's key, PNG
// swaps the extension), then accounted for by the real frame accounting (processed or failed
// frames, the manifest), whose completion starts the stitch. And the checks of the result:
// what ffprobe and ffmpeg make of edges.mp4.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGreyPng } from '../../src/core/png';
import { edgeMapName } from '../../src/core/frame-names';
import { encodeGreyJpeg } from '../../src/jpeg/encode';
import { Kernel } from '../../src/wasm/instance';
import { createH264Encoder, type H264ParameterSets } from '../../src/video/h264';
import { muxMp4 } from '../../src/video/mp4/mux';
import type { EncodedSample } from '../../src/video/mp4/sample-index';
import { toFrameRate } from '../../src/video/mp4/timing';
import { decodeEdgeMap } from '../../src/video/stitch/edge-maps';
import type { GreyImage } from '../../src/video/stitch/png-read';
import { indexFrame, readFrameIndex } from './index-frames';
import { decodeGreyFrames, probeVideo, type ProbedStream } from './media-probe';
import { frameKey } from './tracking-world';
import { OUTPUT_BUCKET, type Pipeline, type StitchWorld } from './stitch-world';

export type EdgeMapFormat = 'jpeg' | 'png';

/** An edge map file of a grey plane: JPEG (our encoder, quality 90 unless told) or PNG (our writer). */
export function edgeMapFile(plane: Uint8Array, width: number, height: number, format: EdgeMapFormat, quality = 90): Uint8Array {
  if (format === 'png') return encodeGreyPng(plane, width, height);
  const kernel = Kernel.instance();
  kernel.reset();
  return encodeGreyJpeg(kernel, kernel.copyIn(plane), width, height, quality);
}

export interface VideoSpec {
  videoId: string;
  total: number;
  width: number;
  height: number;
  /** Frames that fail for good (no edge map, recorded as failed). */
  failed?: readonly number[];
  format?: EdgeMapFormat;
  frameRate?: number;
  /** The plane and size of frame `index` (default: its index bars at width x height). */
  frame?: (index: number) => { plane: Uint8Array; width: number; height: number };
  /** JPEG quality of the edge map files (default 90; the frame function's default is 75). */
  quality?: number;
}

/**
 * Writes the edge maps, then reports every frame and the total to the frame accounting. Returns
 * the edge map files by frame index (undefined for failed frames).
 */
export async function submitVideo(world: StitchWorld, pipeline: Pipeline, spec: VideoSpec): Promise<(Uint8Array | undefined)[]> {
  const failed = new Set(spec.failed ?? []);
  const format = spec.format ?? 'jpeg';
  const files: (Uint8Array | undefined)[] = [];
  for (let index = 0; index < spec.total; index++) {
    if (failed.has(index)) {
      files.push(undefined);
      continue;
    }
    const frame = spec.frame?.(index) ?? { plane: indexFrame(spec.width, spec.height, index), width: spec.width, height: spec.height };
    const key = edgeMapName(frameKey(spec.videoId, index), format);
    const file = edgeMapFile(frame.plane, frame.width, frame.height, format, spec.quality);
    files.push(file);
    await world.s3.put(OUTPUT_BUCKET, key, file, format === 'png' ? 'image/png' : 'image/jpeg');
  }
  const manifest = JSON.stringify({ totalFrames: spec.total, ...(spec.frameRate ? { frameRate: spec.frameRate } : {}) });
  await pipeline.tracker.manifest(new TextEncoder().encode(manifest), `${spec.videoId}/capture.json`);
  for (let index = 0; index < spec.total; index++) {
    if (failed.has(index)) await pipeline.tracker.frameFailed(frameKey(spec.videoId, index), 'CorruptJpegError: injected');
    else await pipeline.tracker.frameProcessed(frameKey(spec.videoId, index));
  }
  return files;
}

/**
 * The edges.mp4 a video of these edge map files must give, made in memory without the stitch's
 * orchestration: each segment's frames (fills as expectedShown says) encoded by a fresh encoder,
 * all samples muxed at once (the join must produce exactly the in-memory mux's bytes).
 */
export function referenceEdgeVideo(files: readonly (Uint8Array | undefined)[], segmentFrames: number, qp: number, frameRate = 30): Uint8Array {
  const shown = expectedShown(files.length, files.flatMap((file, index) => (file ? [] : [index])));
  const planes = new Map<number, GreyImage>();
  const plane = (index: number) => planes.get(index) ?? planes.set(index, decodeEdgeMap(files[index]!, `frame ${index}`)).get(index)!;
  const { width, height } = plane(shown[0]);
  const samples: EncodedSample[] = [];
  let parameterSets: H264ParameterSets | undefined;
  for (let first = 0; first < files.length; first += segmentFrames) {
    const encoder = createH264Encoder({ width, height, qp, frameRate });
    for (let index = first; index < Math.min(files.length, first + segmentFrames); index++) samples.push(encoder.encode(plane(shown[index]).plane, index, index === first));
    parameterSets = encoder.parameterSets;
    encoder.close();
  }
  return muxMp4({ parameterSets: parameterSets!, frameRate: toFrameRate(frameRate) }, samples).bytes;
}

/** The frame each position of the video shows: itself, or the frame its fill uses. */
export function expectedShown(total: number, failed: readonly number[] = []): number[] {
  const missing = new Set(failed);
  const firstPresent = Array.from({ length: total }, (_, i) => i).find((i) => !missing.has(i)) ?? -1;
  const shown: number[] = [];
  for (let index = 0; index < total; index++) shown.push(!missing.has(index) ? index : index < firstPresent ? firstPresent : shown[index - 1]);
  return shown;
}

export interface DecodedVideo {
  bytes: Buffer;
  probed: ProbedStream;
  frames: Uint8Array[];
}

/** edges.mp4 of `videoId`, probed and decoded (grey) by ffprobe and ffmpeg at width x height. */
export async function decodeEdgeVideo(world: StitchWorld, videoId: string, width: number, height: number): Promise<DecodedVideo> {
  const bytes = (await world.s3.get(OUTPUT_BUCKET, `${videoId}/edges.mp4`)).body;
  const directory = await mkdtemp(join(tmpdir(), 'stitch-video-'));
  try {
    const path = join(directory, 'edges.mp4');
    await writeFile(path, bytes);
    return { bytes, probed: await probeVideo(path), frames: await decodeGreyFrames(path, width, height) };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** The index each decoded frame shows. */
export function shownIndexes(video: DecodedVideo, width: number, height: number): number[] {
  return video.frames.map((frame) => readFrameIndex(frame, width, height));
}

/** The stitch's video.json of a video, parsed. */
export async function readRecord(world: StitchWorld, videoId: string): Promise<Record<string, unknown> & { edgeVideo: Record<string, unknown> }> {
  return JSON.parse((await world.s3.get(OUTPUT_BUCKET, `${videoId}/video.json`)).body.toString('utf8'));
}
