// The local stack's demo video, made at start instead of committed as megabytes of JPEGs: a slow
// pan across one of the sample photos (a 640x360 window moving right and up over the 1280x720
// photo), 72 frames at 30 frames/s (2.4 s), each a greyscale JPEG from frame-processor's own
// decoder and encoder. The same photo gives the same bytes on every run (both codecs are ours).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FrameInput } from '../core/frame-input';
import { DEFAULT_LIMITS } from '../core/pipeline';
import { decodeGrey } from '../jpeg/decode';
import { encodeGreyJpeg } from '../jpeg/encode';
import { readJpegHeader } from '../jpeg/header';
import { Kernel } from '../wasm/instance';

export interface DemoVideoSpec {
  videoId: string;
  frames: number;
  frameRate: number;
  width: number;
  height: number;
  /** Pixels the window moves per frame, right (x) and down (y; negative: up). */
  step: { x: number; y: number };
  /** Where the window starts in the photo. */
  start: { x: number; y: number };
  quality: number;
}

/** 4 px right and 1 px up per frame: about a third of the frame's width over the 2.4 s. */
export const DEMO_VIDEO: DemoVideoSpec = {
  videoId: 'demo-pan',
  frames: 72,
  frameRate: 30,
  width: 640,
  height: 360,
  step: { x: 4, y: -1 },
  start: { x: 40, y: 200 },
  quality: 90,
};

/** The sample photo the demo pans across (samples/README.md credits it), found from this file. */
export const DEMO_PHOTO = join(repositoryRoot(__dirname), 'samples', 'demo-video-720p', 'frame.0000000.jpg');

/** `<videoId>/frame.<7-digit index>.jpg`, as a frame-capture job names its output. */
export function demoFrameKey(spec: DemoVideoSpec, index: number): string {
  return `${spec.videoId}/frame.${String(index).padStart(7, '0')}.jpg`;
}

/** The demo's frames as JPEG files, in index order. Throws if the window leaves the photo. */
export function demoVideoFrames(photo: Uint8Array, spec: DemoVideoSpec = DEMO_VIDEO): Uint8Array[] {
  const source = decodePhoto(photo);
  const last = { x: spec.start.x + spec.step.x * (spec.frames - 1), y: spec.start.y + spec.step.y * (spec.frames - 1) };
  for (const corner of [spec.start, last]) {
    if (corner.x < 0 || corner.y < 0 || corner.x + spec.width > source.width || corner.y + spec.height > source.height) {
      throw new RangeError(`the demo's ${spec.width}x${spec.height} window at ${corner.x},${corner.y} leaves the ${source.width}x${source.height} photo`);
    }
  }
  const kernel = Kernel.instance();
  return Array.from({ length: spec.frames }, (_, index) => {
    kernel.reset();
    const window = kernel.alloc(spec.width * spec.height);
    const left = spec.start.x + spec.step.x * index;
    const top = spec.start.y + spec.step.y * index;
    const view = kernel.view(window, spec.width * spec.height);
    for (let row = 0; row < spec.height; row++) {
      const from = (top + row) * source.width + left;
      view.set(source.plane.subarray(from, from + spec.width), row * spec.width);
    }
    return encodeGreyJpeg(kernel, window, spec.width, spec.height, spec.quality);
  });
}

/** The photo as a grey plane (a copy out of kernel memory, which each frame then reuses). */
function decodePhoto(photo: Uint8Array): { plane: Uint8Array; width: number; height: number } {
  const header = readJpegHeader(photo);
  const input = FrameInput.from(photo);
  const grey = decodeGrey(input.kernel, input.pointer, input.length, header, DEFAULT_LIMITS);
  return { plane: input.kernel.copyOut(grey.plane, grey.width * grey.height), width: grey.width, height: grey.height };
}

/** The nearest folder above `from` with a package.json (works from dist/src/local/ and src/local/). */
function repositoryRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}
