// Moving sequences of real edge maps for the H.264 benchmark and tests: a photograph, panned and
// zoomed slowly (sub-pixel motion, as a camera gives), or moved fast, each frame stored as a JPEG
// at quality 90 like a capture, then turned into its edge map by frame-processor's own pipeline
// (defaults: blur modifier 8). The result is (width - 2) x (height - 2) planes.
import sharp from 'sharp';
import { processFrame } from '../src/core/pipeline';
import { FRAME_DEFAULTS } from '../src/core/settings';
import { decodeEdgeMap } from '../src/video/stitch/edge-maps';
import { movingFrames, type Motion } from './moving-frames';

export interface EdgeMap {
  plane: Uint8Array;
  width: number;
  height: number;
}

/** The edge map of one JPEG. */
export function edgeMapOf(jpeg: Uint8Array, blurModifier = 8): EdgeMap {
  const result = processFrame(jpeg, { blurModifier, quality: 75, format: 'raw' });
  return { plane: result.bytes, width: result.width, height: result.height };
}

/**
 * The edge map the video command (and the deployed function) makes of one JPEG frame: the
 * pipeline's greyscale JPEG at its default quality, decoded as the stitch decodes it.
 */
export function cliEdgeMapOf(jpeg: Uint8Array, blurModifier: number = FRAME_DEFAULTS.blurModifier): EdgeMap {
  const edgeMap = processFrame(jpeg, { blurModifier, quality: FRAME_DEFAULTS.quality, format: 'jpeg' });
  const { plane, width, height } = decodeEdgeMap(edgeMap.bytes, 'edge map');
  return { plane, width, height };
}

/** The video command's edge maps of `count` width x height frames cut from `photo` by a window moving `motion` per frame (moving-frames.ts). */
export async function movingCliEdgeMaps(photo: string | Uint8Array, width: number, height: number, count: number, motion: Motion): Promise<EdgeMap[]> {
  return (await movingFrames(photo, width, height, count, motion)).map((jpeg) => cliEdgeMapOf(jpeg));
}

/**
 * `count` edge maps of width x height frames panning across `photo`: each frame crops a window that
 * moves right by 0.21% and down by 0.13% of the photo per frame and shrinks by 0.2%, scaled to size.
 */
export async function panningEdgeMaps(photo: string | Uint8Array, width: number, height: number, count: number, blurModifier = 8): Promise<EdgeMap[]> {
  const source = await sharp(photo).rotate().raw().toBuffer({ resolveWithObject: true });
  const { width: sw, height: sh, channels } = source.info;
  const maps: EdgeMap[] = [];
  for (let i = 0; i < count; i++) {
    const cropWidth = Math.round(sw * (0.8 - 0.002 * i));
    const cropHeight = Math.min(Math.round((cropWidth * height) / width), sh);
    const left = Math.min(Math.round(sw * 0.02 + i * sw * 0.0021), sw - cropWidth);
    const top = Math.min(Math.round(sh * 0.02 + i * sh * 0.0013), sh - cropHeight);
    const jpeg = await sharp(source.data, { raw: { width: sw, height: sh, channels } })
      .extract({ left, top, width: cropWidth, height: cropHeight })
      .resize(width, height, { fit: 'fill' })
      .jpeg({ quality: 90 })
      .toBuffer();
    maps.push(edgeMapOf(jpeg, blurModifier));
  }
  return maps;
}

/**
 * `count` edge maps of a camera moving straight across `photo` by (dx, dy) output pixels per frame
 * (a fast pan or tilt; negative values move left or up): the photo is scaled so that the whole path
 * fits, then each frame is a width x height window of it, stored as a JPEG at quality 90 like a
 * capture and turned into its edge map by the pipeline.
 */
export async function movingEdgeMaps(photo: string | Uint8Array, width: number, height: number, count: number, dx: number, dy: number, blurModifier = 8): Promise<EdgeMap[]> {
  const meta = await sharp(photo).rotate().metadata();
  const travelX = Math.abs(dx) * (count - 1), travelY = Math.abs(dy) * (count - 1);
  const scale = Math.max((width + travelX) / meta.width!, (height + travelY) / meta.height!, 1);
  const source = await sharp(photo).rotate().resize(Math.ceil(meta.width! * scale), Math.ceil(meta.height! * scale)).raw().toBuffer({ resolveWithObject: true });
  const { width: sw, height: sh, channels } = source.info;
  const startX = dx >= 0 ? Math.floor((sw - width - travelX) / 2) : sw - width - Math.floor((sw - width - travelX) / 2);
  const startY = dy >= 0 ? Math.floor((sh - height - travelY) / 2) : sh - height - Math.floor((sh - height - travelY) / 2);
  const maps: EdgeMap[] = [];
  for (let i = 0; i < count; i++) {
    const jpeg = await sharp(source.data, { raw: { width: sw, height: sh, channels } })
      .extract({ left: startX + i * dx, top: startY + i * dy, width, height })
      .jpeg({ quality: 90 })
      .toBuffer();
    maps.push(edgeMapOf(jpeg, blurModifier));
  }
  return maps;
}

/** PSNR-Y in dB of a width x height input against the top-left of a picture `stride` wide (99 when identical). */
export function psnr(input: Uint8Array, width: number, height: number, picture: Uint8Array, stride: number): number {
  let squared = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = input[y * width + x] - picture[y * stride + x];
      squared += d * d;
    }
  }
  return squared === 0 ? 99 : 10 * Math.log10((255 * 255 * width * height) / squared);
}
