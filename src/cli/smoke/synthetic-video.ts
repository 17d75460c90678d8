// The smoke test's video, made on the spot: 12 greyscale frames of 160x96 at 30 frames/s, a bright
// square moving right across a dark gradient (edges in every frame), encoded by frame-processor's
// own JPEG encoder, named as a frame-capture job names them, and its capture.json.
import { encodeGreyJpeg } from '../../jpeg/encode';
import { Kernel } from '../../wasm/instance';

export const SMOKE_VIDEO = { frames: 12, frameRate: 30, width: 160, height: 96, quality: 90, square: 24 } as const;

/** `<videoId>/frame.<7-digit index>.jpg`, as MediaConvert's frame capture names its output. */
export function smokeFrameKey(videoId: string, index: number): string {
  return `${videoId}/frame.${String(index).padStart(7, '0')}.jpg`;
}

export function manifestKey(videoId: string): string {
  return `${videoId}/capture.json`;
}

export function manifestBody(): string {
  return JSON.stringify({ totalFrames: SMOKE_VIDEO.frames, frameRate: SMOKE_VIDEO.frameRate });
}

/** The frames as JPEG files, in index order. */
export function smokeFrames(): Uint8Array[] {
  const { frames, width, height, quality, square } = SMOKE_VIDEO;
  const kernel = Kernel.instance();
  return Array.from({ length: frames }, (_, index) => {
    kernel.reset();
    const plane = kernel.alloc(width * height);
    const pixels = kernel.view(plane, width * height);
    const left = 8 + index * 8;
    const top = (height - square) >> 1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inSquare = x >= left && x < left + square && y >= top && y < top + square;
        pixels[y * width + x] = inSquare ? 235 : 20 + ((x + y) >> 2);
      }
    }
    return encodeGreyJpeg(kernel, plane, width, height, quality);
  });
}
