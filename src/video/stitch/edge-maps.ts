// Edge maps as the stitch sees them: objects `<videoId>/<name>.<index>.jpg|jpeg|png` directly in
// the video's folder of the output bucket (the frame function keeps the frame's key for JPEG and
// swaps the extension for PNG), read back to 8-bit grey planes: JPEG through frame-processor's
// WebAssembly decoder, PNG through png-read.ts.
import { FrameError } from '../../core/errors';
import { DEFAULT_LIMITS } from '../../core/pipeline';
import { FrameInput } from '../../core/frame-input';
import { decodeGrey } from '../../jpeg/decode';
import { readJpegHeader } from '../../jpeg/header';
import { EdgeMapError } from '../errors';
import { isPng, pngSize, readGreyPng, type GreyImage } from './png-read';
import { listKeyPages, type StitchS3 } from './s3';

const EDGE_MAP_NAME = /(\d+)\.(jpe?g|png)$/i;

/** The frame index an edge map's name carries (digits right before the extension), or undefined. */
export function edgeMapIndex(name: string): number | undefined {
  const digits = EDGE_MAP_NAME.exec(name)?.[1];
  return digits === undefined ? undefined : Number(digits);
}

export interface EdgeMapListing {
  /** names[i]: the edge map of frame i (relative to `<videoId>/`), undefined if it has none. */
  names: (string | undefined)[];
  /** Objects in the folder that were not edge maps of frames 0..total-1. */
  ignored: number;
  /** Frames that had more than one edge map (the first name in key order is used). */
  duplicates: number;
}

/**
 * Lists the video's folder page by page, keeping only one name per frame index: memory grows
 * with the video's frame count, never with the listing.
 */
export async function listEdgeMaps(s3: StitchS3, bucket: string, videoId: string, total: number, pageSize = 1000): Promise<EdgeMapListing> {
  const prefix = `${videoId}/`;
  const names = new Array<string | undefined>(total).fill(undefined);
  let ignored = 0;
  let duplicates = 0;
  for await (const page of listKeyPages(s3, bucket, prefix, '/', pageSize)) {
    for (const key of page) {
      const name = key.slice(prefix.length);
      const index = edgeMapIndex(name);
      if (index === undefined || index >= total) ignored++;
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
