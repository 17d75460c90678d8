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
import { indexFrame, readFrameIndex } from './index-frames';
import { decodeGreyFrames, probeVideo, type ProbedStream } from './media-probe';
import { frameKey } from './tracking-world';
import { OUTPUT_BUCKET, type Pipeline, type StitchWorld } from './stitch-world';

export type EdgeMapFormat = 'jpeg' | 'png';

/** An edge map file of a grey plane: JPEG (quality 90, our encoder) or PNG (our writer). */
export function edgeMapFile(plane: Uint8Array, width: number, height: number, format: EdgeMapFormat): Uint8Array {
  if (format === 'png') return encodeGreyPng(plane, width, height);
  const kernel = Kernel.instance();
  kernel.reset();
  return encodeGreyJpeg(kernel, kernel.copyIn(plane), width, height, 90);
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
}

/** Writes the edge maps, then reports every frame and the total to the frame accounting. */
export async function submitVideo(world: StitchWorld, pipeline: Pipeline, spec: VideoSpec): Promise<void> {
  const failed = new Set(spec.failed ?? []);
  const format = spec.format ?? 'jpeg';
  for (let index = 0; index < spec.total; index++) {
    if (failed.has(index)) continue;
    const frame = spec.frame?.(index) ?? { plane: indexFrame(spec.width, spec.height, index), width: spec.width, height: spec.height };
    const key = edgeMapName(frameKey(spec.videoId, index), format);
    await world.s3.put(OUTPUT_BUCKET, key, edgeMapFile(frame.plane, frame.width, frame.height, format), format === 'png' ? 'image/png' : 'image/jpeg');
  }
  const manifest = JSON.stringify({ totalFrames: spec.total, ...(spec.frameRate ? { frameRate: spec.frameRate } : {}) });
  await pipeline.tracker.manifest(new TextEncoder().encode(manifest), `${spec.videoId}/capture.json`);
  for (let index = 0; index < spec.total; index++) {
    if (failed.has(index)) await pipeline.tracker.frameFailed(frameKey(spec.videoId, index), 'CorruptJpegError: injected');
    else await pipeline.tracker.frameProcessed(frameKey(spec.videoId, index));
  }
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
