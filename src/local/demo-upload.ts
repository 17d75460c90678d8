// Uploads the demo video (demo-video.ts) to the input bucket as a capture job would: its frames,
// then its manifest, so the stack processes every frame, completes the video and stitches
// <videoId>/edges.mp4 into the output bucket.
import { readFile } from 'node:fs/promises';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mapWithLimit } from '../video/segment-store';
import { INPUT_BUCKET, LOCAL_REGION } from './buckets';
import { DEMO_PHOTO, DEMO_VIDEO, demoFrameKey, demoVideoFrames, type DemoVideoSpec } from './demo-video';
import { S3RVER_CREDENTIALS } from './s3-server';

/** Uploads in flight at once: the frames queue in the stack's invoker either way. */
const UPLOADS_AT_ONCE = 8;

/** Makes the demo's frames from `photo` and uploads them and `<videoId>/capture.json`; returns the spec. */
export async function uploadDemoVideo(endpoint: string, photo = DEMO_PHOTO, spec: DemoVideoSpec = DEMO_VIDEO): Promise<DemoVideoSpec> {
  const frames = demoVideoFrames(await readFile(photo), spec);
  const client = new S3Client({ region: LOCAL_REGION, endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  const put = (Key: string, Body: Uint8Array | string, ContentType: string) => client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key, Body, ContentType }));
  try {
    await mapWithLimit(frames.map((bytes, index) => ({ bytes, index })), UPLOADS_AT_ONCE, ({ bytes, index }) => put(demoFrameKey(spec, index), bytes, 'image/jpeg'));
    await put(`${spec.videoId}/capture.json`, JSON.stringify({ totalFrames: spec.frames, frameRate: spec.frameRate }), 'application/json');
  } finally {
    client.destroy();
  }
  return spec;
}
