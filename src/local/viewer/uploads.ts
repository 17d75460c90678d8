// POST /api/upload?video=<id>[&frameRate=R]: a new video from the page, as one multipart form of
// `file` fields: a folder of JPEG frames (in name order, numbered from 0) or one video file that
// ffmpeg turns into frames. Everything is checked before anything is written (each file a JPEG
// within the handler's size limit, one size throughout, the video id new), then the frames go to
// the input bucket as `<videoId>/frame.<7-digit index>.jpg` and `<videoId>/capture.json` last,
// so a refused upload leaves nothing behind and a video's total arrives with all its frames.
import type { IncomingMessage } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isJpegName } from '../../core/frame-names';
import { DEFAULT_LIMITS } from '../../core/pipeline';
import { readJpegHeader } from '../../jpeg/header';
import { videoIdProblem } from '../../tracking/frame-key';
import { checkFrameRate, DEFAULT_FRAME_RATE, MANIFEST_NAME } from '../../tracking/manifest';
import { mapWithLimit } from '../../video/segment-store';
import { INPUT_BUCKET } from '../buckets';
import { ViewerRequestError } from './errors';
import { ffmpegProblem, videoToFrames, type FfmpegTools } from './ffmpeg';

/** The largest upload taken (the whole form is held in memory while it is checked). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const PUTS_AT_ONCE = 8;

export interface UploadResult {
  videoId: string;
  frames: number;
  frameRate: number;
}

interface Frame {
  name: string;
  bytes: Uint8Array;
}

export async function acceptUpload(s3: S3Client, tools: FfmpegTools, request: IncomingMessage, query: URLSearchParams): Promise<UploadResult> {
  const videoId = (query.get('video') ?? '').trim();
  const refused = videoIdProblem(videoId) ?? (/[\\#?]|^\/|\/$|\/\//.test(videoId) ? 'use letters, digits, "-", "_", "." and "/" between names' : undefined);
  if (refused) throw new ViewerRequestError(400, `not a video id: ${refused}`, videoId || '(no video id)');
  const files = await formFiles(request, videoId);
  if (files.length === 0) throw new ViewerRequestError(400, 'the upload holds no files (an empty folder?)', videoId);
  await mustBeNew(s3, videoId);
  const asVideo = files.length === 1 && !isJpegName(files[0].name);
  const { frames, frameRate } = asVideo ? await framesOfVideo(tools, files[0]) : { frames: await framesOfFolder(files), frameRate: rateOf(query.get('frameRate'), videoId) };
  checkFrames(frames);
  const put = (Key: string, Body: Uint8Array | string, ContentType: string) => s3.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key, Body, ContentType }));
  await mapWithLimit(frames.map((frame, index) => ({ frame, index })), PUTS_AT_ONCE, ({ frame, index }) => put(`${videoId}/frame.${String(index).padStart(7, '0')}.jpg`, frame.bytes, 'image/jpeg'));
  await put(`${videoId}/${MANIFEST_NAME}`, JSON.stringify({ totalFrames: frames.length, frameRate }), 'application/json');
  return { videoId, frames: frames.length, frameRate };
}

/** The form's `file` fields, read whole (its declared length checked first). */
async function formFiles(request: IncomingMessage, videoId: string): Promise<Frame[]> {
  const length = Number(request.headers['content-length']);
  if (!Number.isFinite(length)) throw new ViewerRequestError(411, 'the upload has no Content-Length', videoId);
  if (length > MAX_UPLOAD_BYTES) throw new ViewerRequestError(413, `the upload is ${length} bytes, over the ${MAX_UPLOAD_BYTES}-byte limit`, videoId);
  const body = Readable.toWeb(request) as ReadableStream<Uint8Array>;
  const form = await new Request('http://viewer/upload', { method: 'POST', headers: { 'content-type': request.headers['content-type'] ?? '' }, body, duplex: 'half' } as RequestInit)
    .formData()
    .catch((error: Error) => {
      throw new ViewerRequestError(400, `not a multipart form of files: ${error.message}`, videoId);
    });
  const files = form.getAll('file').filter((value) => typeof value !== 'string') as unknown as { name: string; arrayBuffer(): Promise<ArrayBuffer> }[];
  return Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

async function mustBeNew(s3: S3Client, videoId: string): Promise<void> {
  // No MaxKeys: s3rver answers a listing that MaxKeys truncates with an internal error.
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: INPUT_BUCKET, Prefix: `${videoId}/` }));
  if ((listed.Contents ?? []).length > 0) throw new ViewerRequestError(409, `${INPUT_BUCKET}/${videoId}/ already holds objects: choose another video id`, videoId);
}

/** Every file must be a .jpg/.jpeg frame; they are numbered in name order (numbers by value). */
function framesOfFolder(files: Frame[]): Frame[] {
  for (const file of files) if (!isJpegName(file.name)) throw new ViewerRequestError(400, 'not a .jpg/.jpeg frame: a folder upload holds JPEG frames only (or upload one video file)', file.name);
  return [...files].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
}

async function framesOfVideo(tools: FfmpegTools, file: Frame): Promise<{ frames: Frame[]; frameRate: number }> {
  const problem = await ffmpegProblem(tools);
  if (problem) throw new ViewerRequestError(501, problem, file.name);
  const folder = await mkdtemp(join(tmpdir(), 'viewer-upload-'));
  try {
    const input = join(folder, 'input');
    await writeFile(input, file.bytes);
    const { frames, frameRate } = await videoToFrames(tools, input, file.name, folder);
    return { frames: frames.map((frame) => ({ name: `${file.name} ${frame.name}`, bytes: frame.bytes })), frameRate };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The handler's input limit, a JPEG header that parses, and one size for every frame (the edge video needs it). */
function checkFrames(frames: Frame[]): void {
  let first: { name: string; width: number; height: number } | undefined;
  for (const frame of frames) {
    if (frame.bytes.length > DEFAULT_LIMITS.maxInputBytes) throw new ViewerRequestError(413, `${frame.bytes.length} bytes, over the handler's ${DEFAULT_LIMITS.maxInputBytes}-byte limit`, frame.name);
    let header;
    try {
      header = readJpegHeader(frame.bytes);
    } catch (error) {
      throw new ViewerRequestError(400, `not a JPEG frame: ${(error as Error & { reason?: string }).reason ?? (error as Error).message}`, frame.name);
    }
    first ??= { name: frame.name, width: header.width, height: header.height };
    if (header.width !== first.width || header.height !== first.height) {
      throw new ViewerRequestError(400, `is ${header.width}x${header.height} but ${first.name} is ${first.width}x${first.height}: a video's frames share one size`, frame.name);
    }
  }
}

function rateOf(text: string | null, videoId: string): number {
  if (text === null || text === '') return DEFAULT_FRAME_RATE;
  return checkFrameRate(Number(text), (reason) => {
    throw new ViewerRequestError(400, reason, videoId);
  });
}
