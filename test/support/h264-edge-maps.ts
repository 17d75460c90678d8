// Real edge maps for the H.264 tests: photographs from the repository through frame-processor's own
// pipeline, and moving sequences made from them with a slow pan and a slight zoom (sub-pixel motion,
// like a camera), each frame a JPEG at quality 90 first, as a capture would store it.
import sharp from 'sharp';
import { processFrame } from '../../src/pipeline';

export interface EdgeMap {
  plane: Uint8Array;
  width: number;
  height: number;
}

/** The edge map of a JPEG with the pipeline's defaults (blur modifier 8). */
export function edgeMapOf(jpeg: Uint8Array, blurModifier = 8): EdgeMap {
  const result = processFrame(jpeg, { blurModifier, quality: 75, format: 'raw' });
  return { plane: result.bytes, width: result.width, height: result.height };
}

/**
 * `count` edge maps of width x height frames panning across `photo`: each frame crops a window that
 * moves right and down by about 0.2% of the width per frame and shrinks slightly, scaled to size.
 */
export async function panningEdgeMaps(photo: string, width: number, height: number, count: number): Promise<EdgeMap[]> {
  const source = await sharp(photo).raw().toBuffer({ resolveWithObject: true });
  const { width: sw, height: sh, channels } = source.info;
  const maps: EdgeMap[] = [];
  for (let i = 0; i < count; i++) {
    const cropWidth = Math.round(sw * (0.8 - 0.002 * i));
    const cropHeight = Math.round((cropWidth * height) / width);
    const left = Math.round(sw * 0.02 + i * sw * 0.0021);
    const top = Math.round(sh * 0.02 + i * sh * 0.0013);
    const jpeg = await sharp(source.data, { raw: { width: sw, height: sh, channels } })
      .extract({ left, top, width: Math.min(cropWidth, sw - left), height: Math.min(cropHeight, sh - top) })
      .resize(width, height, { fit: 'fill' })
      .jpeg({ quality: 90 })
      .toBuffer();
    maps.push(edgeMapOf(jpeg));
  }
  return maps;
}
