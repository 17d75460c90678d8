// Which names are frames and what their edge maps are called: one rule for S3 keys and file paths.
import type { OutputFormat } from './pipeline';

const JPEG_SUFFIX = /\.jpe?g$/i;

/** True for names ending in .jpg or .jpeg, in any case. */
export function isJpegName(name: string): boolean {
  return JPEG_SUFFIX.test(name);
}

/**
 * The edge map's name. JPEG output keeps the frame's name. PNG output replaces a lower-case
 * `.jpg` with `.png` (`f.jpg` -> `f.png`) unless what stays would itself end in .jpg/.jpeg;
 * every other name gets `.png` appended (`f.JPG` -> `f.JPG.png`, `f.jpeg` -> `f.jpeg.png`,
 * `f.jpeg.jpg` -> `f.jpeg.jpg.png`). So the part before `.png` ends in .jpg/.jpeg exactly when
 * `.png` was appended, which tells the frame's name back: no two frames share an edge map.
 */
export function edgeMapName(name: string, format: OutputFormat): string {
  if (format === 'jpeg') return name;
  const stem = name.endsWith('.jpg') ? name.slice(0, -'.jpg'.length) : undefined;
  return stem !== undefined && !isJpegName(stem) ? `${stem}.png` : `${name}.png`;
}
