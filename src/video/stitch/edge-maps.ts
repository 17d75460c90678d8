// Edge maps as the stitch sees them: objects directly in the video's folder of the output bucket
// named as their frames (the frame function keeps the frame's key for JPEG output and makes it
// .png for PNG: core/frame-names.ts), read back to 8-bit grey planes: JPEG through
// frame-processor's WebAssembly decoder, PNG through png-read.ts. Which names are frames, and
// their indices, follows the tracking's frame rule (MediaConvert's <name>.<index>.jpg, or
// FRAME_KEY_PATTERN), so `poster1.jpg` beside the frames is never shown as frame 1.
import { FrameError } from '../../core/errors';
import { DEFAULT_LIMITS } from '../../core/pipeline';
import { FrameInput } from '../../core/frame-input';
import { decodeGrey } from '../../jpeg/decode';
import { readJpegHeader } from '../../jpeg/header';
import { EdgeMapError } from '../errors';
import { isPng, pngSize, readGreyPng, type GreyImage } from './png-read';
import { isJpegName } from '../../core/frame-names';
import { MEDIACONVERT_FRAME_NAME, parseFrameKey, type FrameKeyRule } from '../../tracking/frame-key';
import type { Numbering } from '../../tracking/ranges';
import { listKeyPages, type StitchS3 } from './s3';

/** The frame index an edge map's name carries (its frame's, by the frame rule), or undefined. */
export function edgeMapIndex(name: string, rule: FrameKeyRule = MEDIACONVERT_FRAME_NAME): number | undefined {
  const frame = parseFrameKey(`v/${frameNameOf(name)}`, rule);
  return frame.tracked ? frame.index : undefined;
}

/** The frame's name an edge map's name came from: itself, or for PNG without the `.png` added or swapped in. */
function frameNameOf(name: string): string {
  if (!/\.png$/i.test(name)) return name;
  const stem = name.slice(0, -'.png'.length);
  return isJpegName(stem) ? stem : `${stem}.jpg`;
}

export interface EdgeMapListing {
  /** names[i]: the edge map of frame base + i (relative to `<videoId>/`), undefined if it has none. */
  names: (string | undefined)[];
  /** Objects in the folder that were not edge maps of the video's frames. */
  ignored: number;
  /** Frames that had more than one edge map (the first name in key order is used). */
  duplicates: number;
}

/**
 * Lists the video's folder page by page, keeping only one name per frame index: memory grows
 * with the video's frame count, never with the listing.
 */
export async function listEdgeMaps(s3: StitchS3, bucket: string, videoId: string, numbering: Numbering, rule: FrameKeyRule = MEDIACONVERT_FRAME_NAME, pageSize = 1000): Promise<EdgeMapListing> {
  const prefix = `${videoId}/`;
  const names = new Array<string | undefined>(numbering.total).fill(undefined);
  let ignored = 0;
  let duplicates = 0;
  for await (const page of listKeyPages(s3, bucket, prefix, '/', pageSize)) {
    for (const key of page) {
      const name = key.slice(prefix.length);
      const found = edgeMapIndex(name, rule);
      const index = found === undefined ? undefined : found - numbering.base;
      if (index === undefined || index < 0 || index >= numbering.total) ignored++;
      else if (names[index] !== undefined) duplicates++;
      else names[index] = name;
    }
  }
  return { names, ignored, duplicates };
}

/** An edge map's size from its header (JPEG SOF or PNG IHDR), nothing decoded. */
export function edgeMapSize(bytes: Uint8Array, source: string): { width: number; height: number } {
  if (isPng(bytes)) return pngSize(bytes, source);
  try {
    const header = readJpegHeader(bytes);
    return { width: header.width, height: header.height };
  } catch (error) {
    throw asEdgeMapError(error, source);
  }
}

/** Decodes a JPEG or PNG edge map to a grey plane (a fresh copy, owned by the caller). */
export function decodeEdgeMap(bytes: Uint8Array, source: string): GreyImage {
  if (isPng(bytes)) return readGreyPng(bytes, source);
  try {
    const header = readJpegHeader(bytes);
    if (header.width * header.height > DEFAULT_LIMITS.maxPixels) throw new EdgeMapError(`${header.width}x${header.height} is over the ${DEFAULT_LIMITS.maxPixels}-pixel limit`, source);
    const input = FrameInput.from(bytes);
    const grey = decodeGrey(input.kernel, input.pointer, input.length, header, DEFAULT_LIMITS);
    const plane = input.kernel.copyOut(grey.plane, grey.width * grey.height);
    input.kernel.releaseIfLarge();
    return { plane, width: grey.width, height: grey.height };
  } catch (error) {
    throw asEdgeMapError(error, source);
  }
}

function asEdgeMapError(error: unknown, source: string): unknown {
  if (error instanceof EdgeMapError) return error;
  if (error instanceof FrameError) return new EdgeMapError(`cannot be read as a JPEG or PNG: ${error.name}: ${error.reason}`, source);
  return error;
}
