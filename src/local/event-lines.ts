// The events the stack would put on EventBridge, as one line each for a person: the frame
// accounting's "Video Frames Processed", "Video Frames Updated" (a correction's version) and
// "Video Stalled" (why), and the edge video's "Edge Video Created" (where the file is: its S3
// URL, which a browser or ffplay opens, and its file under the data folder) or "Edge Video Not
// Created" (why).
import { join } from 'node:path';
import type { EdgeVideoSection } from '../video/stitch/record';

export interface EventPlaces {
  /** The S3 server's endpoint (s3rver answers GETs without credentials). */
  s3Endpoint: string;
  /** The data folder, where s3rver keeps each object's bytes. */
  dataDir: string;
}

/** Where s3rver keeps the bytes of `bucket/key` under its folder (its filesystem store's naming). */
export function objectFile(dataDir: string, bucket: string, key: string): string {
  const parts = key.split('/');
  const name = parts.pop()!;
  return join(dataDir, bucket, ...parts, `${name}._S3rver_object`);
}

interface PublishedEvent {
  'detail-type': string;
  detail: Record<string, unknown> & { edgeVideo?: EdgeVideoSection };
}

/** "event Video Frames Processed: cams/north complete_with_failures, 298 of 300 frames processed, 2 failed (...)" */
export function describeEvent(line: string, places: EventPlaces, bucket: string): string {
  let event: PublishedEvent;
  try {
    event = JSON.parse(line) as PublishedEvent;
  } catch {
    return `event (not JSON): ${line}`;
  }
  const detailType = event['detail-type'];
  const { videoId, status, processedFrames, totalFrames, failedFrameCount, edgeVideo, version, reason } = event.detail ?? {};
  if (detailType === 'Video Stalled') return `event ${detailType}: ${String(videoId)}: ${String(reason)}`;
  if (edgeVideo === undefined) {
    const which = typeof version === 'number' && version > 1 ? `, version ${version}` : '';
    return `event ${detailType}: ${String(videoId)} ${String(status)}, ${String(processedFrames)} of ${String(totalFrames)} frames processed, ${String(failedFrameCount)} failed (video.json in the output bucket${which})`;
  }
  if (edgeVideo.status !== 'created') return `event ${detailType}: ${String(videoId)} ${edgeVideo.status}: ${edgeVideo.reason}`;
  const { frames, durationSeconds, width, height, segments, bytes, key } = edgeVideo;
  const size = `${frames} frames (${durationSeconds} s) ${width}x${height} in ${segments} segment${segments === 1 ? '' : 's'}, ${(bytes / 1e6).toFixed(2)} MB`;
  return `event ${detailType}: ${String(videoId)}, ${size}\n  watch: ffplay ${places.s3Endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}  (or open that URL in a browser)\n  file:  ${objectFile(places.dataDir, bucket, key)}`;
}
