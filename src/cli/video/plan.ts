// What `frame-processor video` will make, decided before any frame is read: the frames by index
// (the listing and capture.json), the frame rate, and the parts the encoding threads take. Every
// refusal here is a usage error (exit 2): an input that does not exist or holds no frame, a bad
// capture.json.
import { SourcedError, UsageError } from '../../core/errors';
import { DEFAULT_FRAME_RATE, MANIFEST_NAME, parseManifest, type VideoTotal } from '../../tracking/manifest';
import { indexFrames, type IndexedFrames } from './frame-index';
import { keyframeIntervalFor, videoParts, type PartRange } from './parts';
import type { VideoSource } from './source';

export interface VideoPlan extends IndexedFrames {
  frameRate: number;
  parts: PartRange[];
}

export async function planVideo(source: VideoSource, edgeMaps: boolean, fps: number | undefined): Promise<VideoPlan> {
  const listed: string[] = [];
  for await (const page of source.names()) listed.push(...page);
  const capture = await readCapture(source);
  const frames = indexFrames(listed, edgeMaps, capture?.totalFrames);
  const kind = edgeMaps ? 'edge map named <name>.<index>.jpg|jpeg|png' : 'frame named <name>.<index>.jpg|jpeg';
  if (capture?.totalFrames === 0) throw new UsageError(`${source.describe(MANIFEST_NAME)} says totalFrames 0: the video has no frames`);
  if (!frames.names.some((name) => name !== undefined)) throw new UsageError(`input ${source.label} holds no ${kind}${capture ? ` among frames ${frames.base}..${frames.base + capture.totalFrames - 1}` : ''}`);
  const frameRate = fps ?? capture?.frameRate ?? DEFAULT_FRAME_RATE;
  return { ...frames, frameRate, parts: videoParts(frames.total, keyframeIntervalFor(frameRate)) };
}

/** capture.json beside the frames, checked as the manifest function checks it; a bad one is a usage error naming it. */
async function readCapture(source: VideoSource): Promise<VideoTotal | undefined> {
  const name = source.describe(MANIFEST_NAME);
  try {
    const bytes = await source.capture();
    // parseManifest reads the video id from the key: any folder name will do here.
    return bytes === undefined ? undefined : parseManifest(bytes, `video/${MANIFEST_NAME}`);
  } catch (error) {
    if (error instanceof SourcedError) throw new UsageError(`${name}: ${error.reason}`);
    throw error;
  }
}
