// One segment's frames, edge map by edge map, into H.264 samples: a fresh encoder (its first
// picture an IDR), globalIndex = the frame's index in the video. Memory is one decoded frame plus
// the encoder and the segment's encoded samples: bounded by the segment, never by the video.
// The next distinct edge map is downloaded while the current one is decoded and encoded (a frame
// filled with the previous frame's edge map reuses the decoded plane).
import { H264Error, createH264Encoder, type H264ParameterSets } from '../h264';
import { WasmH264Encoder } from '../h264/encoder';
import type { EncodedSample } from '../mp4/sample-index';
import { EdgeMapError } from '../errors';
import { decodeEdgeMap } from './edge-maps';
import type { GreyImage } from './png-read';

export interface SegmentFrames {
  /** The video's index of the segment's first frame. */
  first: number;
  /** Edge map name of each of the segment's frames (fills applied), frame `first` first. */
  names: readonly string[];
  /** The size every edge map must have (the video's, from frame 0). */
  width: number;
  height: number;
  qp: number;
  frameRate: number;
  /** The bytes of an edge map by name, undefined if it does not exist. */
  fetch(name: string): Promise<Uint8Array | undefined>;
  /** The name as errors show it (the S3 key). */
  describe(name: string): string;
  /**
   * Called after each picture (the command line's progress and --dump-yuv; the Lambda passes
   * none): its index in the video, and the encoder's reconstruction of it, read only when asked
   * (coded size: the edge map's rounded up to even numbers).
   */
  picture?(index: number, reconstruction: () => Uint8Array): void;
}

export type EncodedSegment =
  | { ok: true; parameterSets: H264ParameterSets; samples: EncodedSample[]; codedWidth: number; codedHeight: number }
  /** The frames cannot make this video: the reason names the frame and what is wrong. */
  | { ok: false; reason: string };

export async function encodeSegmentFrames(input: SegmentFrames): Promise<EncodedSegment> {
  const encoder = createH264Encoder({ width: input.width, height: input.height, qp: input.qp, frameRate: input.frameRate });
  const prefetch = new Prefetcher(input);
  try {
    const samples: EncodedSample[] = [];
    let shown: GreyImage | undefined;
    for (let at = 0; at < input.names.length; at++) {
      if (at === 0 || input.names[at] !== input.names[at - 1]) {
        const loaded = await prefetch.take(at);
        if (!loaded.ok) return loaded;
        shown = loaded.image;
      }
      const encoded = encoder.encode(shown!.plane, input.first + at, at === 0);
      samples.push({ data: encoded.data, keyframe: encoded.keyframe });
      input.picture?.(input.first + at, () => reconstructionOf(encoder));
    }
    return { ok: true, parameterSets: encoder.parameterSets, samples, codedWidth: encoder.width, codedHeight: encoder.height };
  } catch (error) {
    if (error instanceof H264Error) return { ok: false, reason: `the encoder refused the frames: ${error.message}` };
    throw error;
  } finally {
    prefetch.abandon();
    encoder.close();
  }
}

function reconstructionOf(encoder: unknown): Uint8Array {
  if (!(encoder instanceof WasmH264Encoder)) throw new Error('internal: this encoder does not expose its reconstruction');
  return encoder.reconstruction();
}

type Loaded = { ok: true; image: GreyImage } | { ok: false; reason: string };

/** Downloads the edge map of the next distinct name while the current one is worked on. */
class Prefetcher {
  private pending: { at: number; bytes: Promise<Uint8Array | undefined> } | undefined;

  constructor(private readonly input: SegmentFrames) {}

  /** The edge map of the segment's frame `at`, decoded and checked; starts the download of the next one. */
  async take(at: number): Promise<Loaded> {
    const { names, width, height } = this.input;
    const bytes = await (this.pending?.at === at ? this.pending.bytes : this.start(at));
    this.pending = undefined;
    const next = this.nextDistinct(at);
    if (next < names.length) this.pending = { at: next, bytes: this.start(next) };
    const index = this.input.first + at;
    const key = this.input.describe(names[at]);
    if (!bytes) return { ok: false, reason: `frame ${index}'s edge map ${key} is gone: it was listed when the video was planned` };
    let image: GreyImage;
    try {
      image = decodeEdgeMap(bytes, key);
    } catch (error) {
      if (error instanceof EdgeMapError) return { ok: false, reason: `frame ${index}: ${error.message}` };
      throw error;
    }
    if (image.width !== width || image.height !== height) {
      return { ok: false, reason: `the frames change size partway: frame ${index} (${key}) is ${image.width}x${image.height}, the first frame is ${width}x${height}` };
    }
    return { ok: true, image };
  }

  abandon(): void {
    this.pending?.bytes.catch(() => undefined);
    this.pending = undefined;
  }

  private start(at: number): Promise<Uint8Array | undefined> {
    const bytes = this.input.fetch(this.input.names[at]);
    bytes.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
    return bytes;
  }

  private nextDistinct(at: number): number {
    const { names } = this.input;
    let next = at + 1;
    while (next < names.length && names[next] === names[at]) next++;
    return next;
  }
}
