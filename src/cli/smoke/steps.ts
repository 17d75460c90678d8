// The smoke test's steps after the upload: each waits (polling) for one thing the stack makes from
// the synthetic video, until it is there or the run's deadline passes, then checks it. A step says
// what it found in one line; a thing that is there but wrong fails at once.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { HASH_KEY, videoKey } from '../../tracking/table';
import { SA } from '../../video/stitch/state';
import { edgeMapShape, mp4FrameCount } from './checks';
import type { SmokeStack } from './stack';
import { SMOKE_VIDEO } from './synthetic-video';

export interface Step {
  name: string;
  /** Undefined while the thing is not there yet; a result once it is (ok or not). */
  probe(): Promise<{ ok: boolean; detail: string } | undefined>;
}

const EDGE_MAP = /\/frame\.\d{7}\.(jpg|png)$/;

/** The steps for `videoId` on `stack`: what tracking and the edge video add only when they are deployed. */
export function stepsFor(stack: SmokeStack, videoId: string): Step[] {
  const steps = [edgeMaps(stack, videoId)];
  if (stack.trackingTable) steps.push(videoRecord(stack, videoId));
  if (stack.trackingTable && stack.edgeVideo) steps.push(eventEffect(stack, videoId), edgeVideo(stack, videoId));
  return steps;
}

function edgeMaps(stack: SmokeStack, videoId: string): Step {
  const { frames, width, height } = SMOKE_VIDEO;
  return {
    name: 'edge maps',
    async probe() {
      const page = await stack.s3.send(new ListObjectsCommand({ Bucket: stack.outputBucket, Prefix: `${videoId}/`, MaxKeys: 1000 }));
      const keys = (page.Contents ?? []).map((object) => object.Key ?? '').filter((key) => EDGE_MAP.test(key));
      if (keys.length < frames) return undefined;
      const formats = new Set<string>();
      for (const key of keys) {
        const shape = edgeMapShape(await getBytes(stack, stack.outputBucket, key));
        // The 3x3 Sobel operator leaves out the one-pixel border: each edge map is 2 pixels smaller.
        if (typeof shape === 'string') return { ok: false, detail: `${key}: ${shape}` };
        if (!shape.grey || shape.width !== width - 2 || shape.height !== height - 2) {
          return { ok: false, detail: `${key}: a ${shape.width}x${shape.height} ${shape.grey ? 'grey' : 'colour'} ${shape.format}, not a ${width - 2}x${height - 2} grey edge map` };
        }
        formats.add(shape.format.toUpperCase());
      }
      return { ok: true, detail: `${keys.length} of ${frames} in s3://${stack.outputBucket}/${videoId}/, each a ${width - 2}x${height - 2} greyscale ${[...formats].join('/')}` };
    },
  };
}

function videoRecord(stack: SmokeStack, videoId: string): Step {
  return {
    name: 'video.json',
    async probe() {
      const bytes = await getIfThere(stack, stack.outputBucket, `${videoId}/video.json`);
      if (!bytes) return undefined;
      const record = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      const wanted = { status: 'complete', totalFrames: SMOKE_VIDEO.frames, processedFrames: SMOKE_VIDEO.frames, failedFrameCount: 0 };
      const wrong = Object.entries(wanted).filter(([field, value]) => record[field] !== value);
      if (wrong.length > 0) return { ok: false, detail: `says ${wrong.map(([field]) => `${field} ${JSON.stringify(record[field])}`).join(', ')} (expected ${wrong.map(([field, value]) => `${field} ${JSON.stringify(value)}`).join(', ')})` };
      return { ok: true, detail: `complete, ${record.processedFrames} of ${record.totalFrames} frames processed, none failed` };
    },
  };
}

/** "Video Frames Processed" reached the stitch planner: the video item has its plan. */
function eventEffect(stack: SmokeStack, videoId: string): Step {
  return {
    name: 'the event delivered',
    async probe() {
      const { Item } = await stack.dynamo!.send(new GetItemCommand({ TableName: stack.trackingTable, Key: { [HASH_KEY]: { S: videoKey(videoId) } }, ConsistentRead: true }));
      if (Item?.[SA.plannedAt] === undefined) return undefined;
      return { ok: true, detail: `"Video Frames Processed" reached the edge video's planner: ${Item[SA.segments]?.N ?? '?'} segment(s) planned` };
    },
  };
}

function edgeVideo(stack: SmokeStack, videoId: string): Step {
  return {
    name: 'edges.mp4',
    async probe() {
      const bytes = await getIfThere(stack, stack.outputBucket, `${videoId}/edges.mp4`);
      if (!bytes) return undefined;
      const frames = mp4FrameCount(bytes);
      if (typeof frames === 'string') return { ok: false, detail: frames };
      if (frames !== SMOKE_VIDEO.frames) return { ok: false, detail: `has ${frames} frames, not ${SMOKE_VIDEO.frames}` };
      return { ok: true, detail: `${frames} frames, ${bytes.length} bytes, in s3://${stack.outputBucket}/${videoId}/edges.mp4` };
    },
  };
}

async function getBytes(stack: SmokeStack, bucket: string, key: string): Promise<Uint8Array> {
  const response = await stack.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await response.Body?.transformToByteArray()) ?? new Uint8Array();
}

async function getIfThere(stack: SmokeStack, bucket: string, key: string): Promise<Uint8Array | undefined> {
  try {
    return await getBytes(stack, bucket, key);
  } catch (error) {
    if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
