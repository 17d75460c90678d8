// Which names are frames and what their edge maps are called: one rule for S3 keys and file paths.
import type { OutputFormat } from './pipeline';

const JPEG_SUFFIX = /\.jpe?g$/i;

/** True for names ending in .jpg or .jpeg, in any case. */
export function isJpegName(name: string): boolean {
  return JPEG_SUFFIX.test(name);
}

/** The edge map's name: the same name, or for PNG output with .png in place of its .jpg/.jpeg extension (added if it has none). */
export function edgeMapName(name: string, format: OutputFormat): string {
  return format === 'png' ? name.replace(/(\.jpe?g)?$/i, '.png') : name;
}
