// Which video a frame belongs to, and its place in it, from the frame's S3 key alone.
//
//   <videoId>/<name>.<index>.jpg      e.g. "cams/north/clip.0000123.jpg" -> video "cams/north", 123
//
// - The video is the key's folder: everything before the last "/" (it may itself contain "/").
// - The file name must have MediaConvert's frame capture form: a name, a dot, the index's digits,
//   a dot, jpg or jpeg (any case); MediaConvert pads the index to 7 digits, any number is read.
//   So "poster1.jpg" or "thumb.jpg" in a video's folder is not a frame of it. FRAME_KEY_PATTERN
//   sets another rule: a regular expression the whole file name must match, whose first capture
//   group (or the group named `index`) is the index, e.g. ^frame(\d+)\.jpg$ for ffmpeg's
//   frame%d.jpg. Only .jpg/.jpeg files are frames in any case (the handler processes no others).
// - Indices run from 0 or 1 (numbering.ts); at most MAX_TOTAL_FRAMES.
//
// A key that fails any rule is still processed as a frame by the handler (its edge map is written),
// but it is NOT tracked: it counts towards no video, and the reason is logged. The same rule
// decides which objects a MediaConvert listing counts and which edge maps the edge video shows.
import { ConfigError } from '../core/errors';
import { isJpegName } from '../core/frame-names';
import { collidesWithItemKey } from './table';

/** The largest total a video may have: 10 million frames is 92.6 hours at 30 frames per second. */
export const MAX_TOTAL_FRAMES = 10_000_000;

export interface FrameKeyRule {
  /** Matched against the file name (after the last "/"); its `index` group or first group is the index. */
  pattern: RegExp;
  /** How the rule is described in a reason. */
  describe: string;
}

export const MEDIACONVERT_FRAME_NAME: FrameKeyRule = {
  pattern: /^.+\.(\d+)\.jpe?g$/i,
  describe: "MediaConvert's <name>.<index>.jpg (FRAME_KEY_PATTERN sets another rule)",
};

/** The rule FRAME_KEY_PATTERN gives (a ConfigError names what is wrong), or MediaConvert's. */
export function frameKeyRule(pattern: string | undefined): FrameKeyRule {
  if (pattern === undefined || pattern === '') return MEDIACONVERT_FRAME_NAME;
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, 'i');
  } catch (error) {
    throw new ConfigError('FRAME_KEY_PATTERN', pattern, `not a regular expression (${(error as Error).message})`);
  }
  const groups = new RegExp(`${pattern}|`, 'i').exec('')!.length - 1;
  if (groups < 1) throw new ConfigError('FRAME_KEY_PATTERN', pattern, 'has no capture group for the index, e.g. ^frame(\\d+)\\.jpg$');
  return { pattern: compiled, describe: `FRAME_KEY_PATTERN ${pattern}` };
}

export interface TrackedFrame {
  tracked: true;
  key: string;
  videoId: string;
  /** 0 <= index <= MAX_TOTAL_FRAMES (a 1-based video's last frame is MAX_TOTAL_FRAMES). */
  index: number;
}

export interface UntrackedFrame {
  tracked: false;
  key: string;
  reason: string;
}

export type FrameKey = TrackedFrame | UntrackedFrame;

/** Parses a decoded S3 object key (not URL-encoded as in an S3 event record). */
export function parseFrameKey(key: string, rule: FrameKeyRule = MEDIACONVERT_FRAME_NAME): FrameKey {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return untracked(key, 'no folder: a frame key is <videoId>/<name>.<index>.jpg');
  const videoId = key.slice(0, slash);
  const name = key.slice(slash + 1);
  const refused = videoIdProblem(videoId);
  if (refused) return untracked(key, refused);
  if (!isJpegName(name)) return untracked(key, 'not a .jpg/.jpeg file');
  const match = rule.pattern.exec(name);
  const digits = match?.groups?.index ?? match?.[1];
  if (digits === undefined) return untracked(key, `not a frame name: frames are named as ${rule.describe}`);
  if (!/^\d+$/.test(digits)) return untracked(key, `the index ${JSON.stringify(digits)} the frame rule found is not digits`);
  const index = Number(digits);
  if (index > MAX_TOTAL_FRAMES) return untracked(key, `frame index ${digits} is over the maximum ${MAX_TOTAL_FRAMES}`);
  return { tracked: true, key, videoId, index };
}

/** Why `videoId` cannot be tracked, or undefined if it can. */
export function videoIdProblem(videoId: string): string | undefined {
  if (videoId === '') return 'empty video id (the key starts with "/")';
  if (collidesWithItemKey(videoId)) return 'video id ends like a tracking item key ("#chunk#<n>", "#group#<n>", "#failure#<n>")';
  return undefined;
}

export { isJpegName };

function untracked(key: string, reason: string): UntrackedFrame {
  return { tracked: false, key, reason };
}
