// A video's prefix from MediaConvert's EventBridge "MediaConvert Job State Change" event.
// see: AWS Elemental MediaConvert User Guide, "Events with COMPLETE status" and "Output file names
// and paths": for a FILE_GROUP with a frame capture output, detail.outputGroupDetails[]
// .outputDetails[].outputFilePaths holds the final captured image, e.g.
// "s3://bucket/frameoutput/file.0000036.jpg"; frame capture names its files name.NNNNNNN.jpg,
// 0-based. The folder of that image is the video's prefix, the name before `.NNNNNNN.jpg` is the
// output's (a job may write two captures into one folder under different names), and its index
// is the last frame's. The total itself comes from listing the output (capture-listing.ts).
import { MediaConvertEventError } from './errors';
import { parseFrameKey } from './frame-key';
import { checkFrameRate } from './manifest';

export const MEDIACONVERT_SOURCE = 'aws.mediaconvert';
export const MEDIACONVERT_DETAIL_TYPE = 'MediaConvert Job State Change';

/** One frame capture output of a job: a video's frames as the job wrote them. */
export interface CaptureOutput {
  bucket: string;
  videoId: string;
  /** The frames' name before `.<index>.jpg` ("harbour" in "harbour.0000359.jpg"). */
  name: string;
  /** The final captured image's index, as the event names it. */
  lastIndex: number;
}

/** MediaConvert's frame capture file name: <name>.<digits>.jpg|jpeg. */
const CAPTURE_NAME = /^(.+)\.(\d+)\.jpe?g$/i;

export type MediaConvertOutcome =
  | { status: 'complete'; jobId: string; outputs: CaptureOutput[]; frameRate: number }
  /** A well-formed event for another status (PROGRESSING, ERROR...): nothing to record. */
  | { status: 'ignored'; jobId: string; reason: string };

/**
 * Reads a COMPLETE event. userMetadata.frameRate (a string, as all user metadata is) sets the
 * video's frame rate; default 30. Throws MediaConvertEventError (naming the job) on a bad shape.
 */
export function parseMediaConvertEvent(event: unknown): MediaConvertOutcome {
  const envelope = asObject(event, 'event', 'event');
  if (envelope.source !== MEDIACONVERT_SOURCE || envelope['detail-type'] !== MEDIACONVERT_DETAIL_TYPE) {
    throw new MediaConvertEventError(`not a "${MEDIACONVERT_DETAIL_TYPE}" event from ${MEDIACONVERT_SOURCE}`, 'event');
  }
  const detail = asObject(envelope.detail, 'detail', 'event');
  const jobId = typeof detail.jobId === 'string' && detail.jobId !== '' ? detail.jobId : undefined;
  const name = jobId ? `MediaConvert job ${jobId}` : 'MediaConvert event';
  if (!jobId) throw new MediaConvertEventError('no detail.jobId', name);
  if (detail.status !== 'COMPLETE') return { status: 'ignored', jobId, reason: `status ${String(detail.status)}, not COMPLETE` };
  const outputs = captureOutputs(detail, name);
  const refuse = (reason: string): never => {
    throw new MediaConvertEventError(`userMetadata.${reason}`, name);
  };
  const metadata = detail.userMetadata === undefined ? {} : asObject(detail.userMetadata, 'detail.userMetadata', name);
  const rate = metadata.frameRate === undefined ? undefined : Number(metadata.frameRate);
  if (metadata.frameRate !== undefined && typeof metadata.frameRate !== 'string') refuse('frameRate is not a string');
  return { status: 'complete', jobId, outputs, frameRate: checkFrameRate(rate, refuse) };
}

/** Every .jpg/.jpeg output path, one entry per bucket, folder and name, with the highest index seen. */
function captureOutputs(detail: Record<string, unknown>, name: string): CaptureOutput[] {
  const groups = asArray(detail.outputGroupDetails, 'detail.outputGroupDetails', name);
  const found = new Map<string, CaptureOutput>();
  for (const group of groups) {
    const outputs = asArray(asObject(group, 'an output group', name).outputDetails ?? [], 'outputDetails', name);
    for (const output of outputs) {
      const paths = asArray(asObject(output, 'an output', name).outputFilePaths ?? [], 'outputFilePaths', name);
      for (const path of paths) addCapture(found, path, name);
    }
  }
  if (found.size === 0) throw new MediaConvertEventError('no frame capture output (no .jpg/.jpeg in outputFilePaths)', name);
  return [...found.values()];
}

function addCapture(found: Map<string, CaptureOutput>, path: unknown, name: string): void {
  if (typeof path !== 'string') throw new MediaConvertEventError('an outputFilePaths entry is not a string', name);
  const parsed = /^s3:\/\/([^/]+)\/(.+)$/.exec(path);
  if (!parsed) throw new MediaConvertEventError(`output path ${JSON.stringify(path)} is not s3://bucket/key`, name);
  const [, bucket, key] = parsed;
  if (!/\.jpe?g$/i.test(key)) return;
  const frame = parseFrameKey(key);
  const capture = CAPTURE_NAME.exec(key.slice(key.lastIndexOf('/') + 1));
  if (!frame.tracked || !capture) throw new MediaConvertEventError(`frame capture output ${path}: ${frame.tracked ? 'not named <name>.<index>.jpg' : frame.reason}`, name);
  const id = `${bucket}/${frame.videoId}/${capture[1]}`;
  const seen = found.get(id);
  if (!seen || seen.lastIndex < frame.index) found.set(id, { bucket, videoId: frame.videoId, name: capture[1], lastIndex: frame.index });
}

function asObject(value: unknown, what: string, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MediaConvertEventError(`${what} is not an object`, name);
  return value as Record<string, unknown>;
}

function asArray(value: unknown, what: string, name: string): unknown[] {
  if (!Array.isArray(value)) throw new MediaConvertEventError(`${what} is not an array`, name);
  return value;
}
