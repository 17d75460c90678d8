// A video's total from a manifest object `<videoId>/capture.json` in the input bucket:
//   {"totalFrames": 9000, "frameRate": 30}
// totalFrames: a whole number, 0 <= totalFrames <= MAX_TOTAL_FRAMES (0 is an empty video, which
// completes at once). frameRate: optional, frames per second, a finite number in (0, 1000],
// default 30. Other fields are ignored. Anything else is refused with a ManifestError naming the
// object and the reason, and nothing is recorded.
import { ManifestError } from './errors';
import { MAX_TOTAL_FRAMES, videoIdProblem } from './frame-key';

export const MANIFEST_NAME = 'capture.json';
export const DEFAULT_FRAME_RATE = 30;
/** The edge video's limit (H.264's shortest frame interval, 1/300 s), so a manifest the stitch cannot honour is refused here. */
export const MAX_FRAME_RATE = 300;
/** A manifest is a few dozen bytes; anything over this is not one. */
export const MAX_MANIFEST_BYTES = 64 * 1024;

export type TotalSource = 'manifest' | 'mediaconvert' | 'table';

/** What is known about a video once its total is. */
export interface VideoTotal {
  videoId: string;
  totalFrames: number;
  frameRate: number;
  source: TotalSource;
}

/** True if `key` is a manifest: `<videoId>/capture.json` (exact name, any folder). */
export function isManifestKey(key: string): boolean {
  return key.endsWith(`/${MANIFEST_NAME}`);
}

export function parseManifest(bytes: Uint8Array, key: string): VideoTotal {
  const refuse = (reason: string): never => {
    throw new ManifestError(reason, key);
  };
  if (!isManifestKey(key)) refuse(`not a manifest key (expected <videoId>/${MANIFEST_NAME})`);
  const videoId = key.slice(0, key.length - MANIFEST_NAME.length - 1);
  const badVideoId = videoIdProblem(videoId);
  if (badVideoId) refuse(badVideoId);
  if (bytes.length > MAX_MANIFEST_BYTES) refuse(`${bytes.length} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`);
  const fields = parseObject(bytes, refuse);
  const totalFrames = checkTotal(fields.totalFrames, refuse);
  const frameRate = checkFrameRate(fields.frameRate, refuse);
  return { videoId, totalFrames, frameRate, source: 'manifest' };
}

/** Checks a total from any source; `refuse` throws the source's own error. */
export function checkTotal(value: unknown, refuse: (reason: string) => never, field = 'totalFrames'): number {
  if (value === undefined) refuse(`no ${field}`);
  if (typeof value !== 'number') refuse(`${field} is ${describe(value)}, not a number`);
  const total = value as number;
  if (!Number.isInteger(total)) refuse(`${field} ${total} is not a whole number`);
  if (total < 0) refuse(`${field} ${total} is negative`);
  if (total > MAX_TOTAL_FRAMES) refuse(`${field} ${total} is over the maximum ${MAX_TOTAL_FRAMES} (92.6 h at 30 fps)`);
  return total;
}

/** Checks a frame rate; undefined gives the default. */
export function checkFrameRate(value: unknown, refuse: (reason: string) => never): number {
  if (value === undefined) return DEFAULT_FRAME_RATE;
  if (typeof value !== 'number') refuse(`frameRate is ${describe(value)}, not a number`);
  const rate = value as number;
  if (!Number.isFinite(rate) || rate <= 0 || rate > MAX_FRAME_RATE) refuse(`frameRate ${rate} is not in (0, ${MAX_FRAME_RATE}]`);
  return rate;
}

function parseObject(bytes: Uint8Array, refuse: (reason: string) => never): Record<string, unknown> {
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    refuse('not UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    refuse(`not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) refuse(`JSON ${describe(parsed)}, not an object`);
  return parsed as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}
