// H.264 encoding of greyscale planes (edge maps) behind a small interface, so another encoder can
// take its place. This one is Constrained Baseline, written in AssemblyScript (assembly/h264/).
import { H264ClosedError, H264InputError, H264OptionError, H264SizeError, H264TrapError } from './errors';
import { chooseLevel } from './level';
import { H264_ERROR_CODES, H264Module } from './module';

export interface H264EncoderOptions {
  /** Input plane size in pixels, each >= 1. Odd sizes are coded one pixel larger (the last column/row repeated). */
  width: number;
  height: number;
  /** Quality: the constant quantiser, 0 (best, largest) .. 51 (worst, smallest). Default DEFAULT_QP. */
  qp?: number;
  /** An IDR picture at least every this many frames (besides the first and forced ones). Default: 2 s of frames. */
  keyframeInterval?: number;
  /** Frames per second, for the level and the default keyframe interval. Default 30. */
  frameRate?: number;
}

/** SPS and PPS NAL units (no start code, no length prefix): what an avcC box or Annex B stream carries. */
export interface H264ParameterSets {
  sps: Uint8Array;
  pps: Uint8Array;
}

export interface EncodedFrame {
  /** AVCC: each NAL unit after a 4-byte big-endian length; no SPS/PPS inside. */
  data: Uint8Array;
  /** An IDR picture: decoding can start here. */
  keyframe: boolean;
}

export interface H264Encoder {
  readonly parameterSets: H264ParameterSets;
  /** Decoded picture size: the input size rounded up to even numbers. */
  readonly width: number;
  readonly height: number;
  /**
   * RFC 6381 codec string of the SPS as written, e.g. avc1.42C028: the level of the frame size and
   * rate. The MP4 signals the level the whole stream needs, which may be higher (mp4/avc-level.ts).
   */
  readonly codec: string;
  /** Encodes one width*height plane; `globalIndex` (the frame's index in the whole video) gives idr_pic_id. */
  encode(plane: Uint8Array, globalIndex: number, forceKeyframe?: boolean): EncodedFrame;
  /** Frees the encoder's memory; encode() fails afterwards. */
  close(): void;
}

/**
 * The default quality. Chosen from measurements on real edge maps (15 photographs, panning
 * sequences, one GOP each): the sharpest ones (small frames, which the blur barely touches, or no
 * blur) keep PSNR-Y >= 31.6 dB on every frame at QP 28 and fall to 29.6 dB at QP 30; the pipeline's
 * default 1080p edge maps stay above 38.7 dB (docs/h264-encoder.md, bench/h264-qp-sweep.ts).
 */
export const DEFAULT_QP = 28;
export const DEFAULT_FRAME_RATE = 30;
export const DEFAULT_KEYFRAME_SECONDS = 2;

/** A new encoder for width x height planes. */
export function createH264Encoder(options: H264EncoderOptions): H264Encoder {
  return new WasmH264Encoder(options, H264Module.instance());
}

/** The AssemblyScript encoder; `reconstruction()` exposes the decoder-exact picture for tests. */
export class WasmH264Encoder implements H264Encoder {
  readonly parameterSets: H264ParameterSets;
  readonly width: number;
  readonly height: number;
  readonly codec: string;
  readonly qp: number;
  readonly keyframeInterval: number;
  readonly levelIdc: number;
  private readonly inputWidth: number;
  private readonly inputHeight: number;
  private readonly workspace: number;
  private readonly input: number;
  private output: number;
  private capacity: number;
  /** Lazily allocated for reconstruction(). */
  private reconBuffer = 0;
  private frameNum = 0;
  private sinceKeyframe = 0;
  private encoded = 0;
  private closed = false;

  constructor(options: H264EncoderOptions, private readonly module: H264Module) {
    const { width, height } = options;
    checkSize('width', width);
    checkSize('height', height);
    const frameRate = checkOption('frameRate', options.frameRate ?? DEFAULT_FRAME_RATE, (v) => v > 0 && Number.isFinite(v), 'a positive number');
    this.qp = checkOption('qp', options.qp ?? DEFAULT_QP, (v) => Number.isInteger(v) && v >= 0 && v <= 51, 'an integer 0..51');
    const defaultInterval = Math.max(1, Math.round(frameRate * DEFAULT_KEYFRAME_SECONDS));
    this.keyframeInterval = checkOption('keyframeInterval', options.keyframeInterval ?? defaultInterval, (v) => Number.isInteger(v) && v >= 1, 'an integer >= 1');
    this.levelIdc = chooseLevel(width, height, frameRate).levelIdc;
    this.inputWidth = width;
    this.inputHeight = height;
    this.width = width + (width & 1);
    this.height = height + (height & 1);
    this.codec = `avc1.42C0${this.levelIdc.toString(16).toUpperCase().padStart(2, '0')}`;
    const workspaceBytes = module.call((m) => m.h264WorkspaceBytes(width, height));
    if (workspaceBytes < 0) throw new H264SizeError(`${width}x${height} is beyond what the encoder accepts`, 'frame size');
    this.workspace = module.alloc(workspaceBytes);
    this.input = module.alloc(width * height);
    this.capacity = Math.max(64 * 1024, width * height);
    this.output = module.alloc(this.capacity);
    const init = module.call((m) => m.h264Init(this.workspace, width, height, this.qp, this.levelIdc));
    if (init < 0) throw new H264TrapError(`h264Init refused ${width}x${height} QP ${this.qp} (code ${init})`);
    this.parameterSets = { sps: this.parameterSet('sps'), pps: this.parameterSet('pps') };
  }

  encode(plane: Uint8Array, globalIndex: number, forceKeyframe = false): EncodedFrame {
    if (this.closed) throw new H264ClosedError('encode() after close()');
    if (!(plane instanceof Uint8Array) || plane.length !== this.inputWidth * this.inputHeight) {
      throw new H264InputError(`expected ${this.inputWidth}x${this.inputHeight} = ${this.inputWidth * this.inputHeight} bytes, got ${describeLength(plane)}`, 'plane');
    }
    if (!Number.isSafeInteger(globalIndex) || globalIndex < 0) throw new H264InputError(`must be an integer >= 0, got ${globalIndex}`, 'globalIndex');
    const keyframe = this.encoded === 0 || forceKeyframe || this.sinceKeyframe >= this.keyframeInterval;
    const frameNum = keyframe ? 0 : this.frameNum;
    this.module.view(this.input, plane.length).set(plane);
    const data = this.encodePicture(keyframe, frameNum, globalIndex & 0xffff);
    this.frameNum = frameNum + 1;
    this.sinceKeyframe = keyframe ? 1 : this.sinceKeyframe + 1;
    this.encoded++;
    return { data, keyframe };
  }

  /** The last encoded picture exactly as a decoder reconstructs it (width x height, even sizes). */
  reconstruction(): Uint8Array {
    if (this.closed) throw new H264ClosedError('reconstruction() after close()');
    this.reconBuffer ||= this.module.alloc(this.width * this.height);
    this.module.call((m) => m.h264CopyReconstruction(this.workspace, this.reconBuffer));
    return this.module.copyOut(this.reconBuffer, this.width * this.height);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const block of [this.workspace, this.input, this.output, this.reconBuffer]) if (block) this.module.free(block);
  }

  /** Encodes into the output block, growing it (and retrying) until the picture fits. */
  private encodePicture(keyframe: boolean, frameNum: number, idrPicId: number): Uint8Array {
    for (;;) {
      const written = this.module.call((m) => m.h264EncodeFrame(this.workspace, this.input, this.output, this.capacity, keyframe ? 1 : 0, frameNum, idrPicId));
      if (written >= 0) return this.module.copyOut(this.output, written);
      if (written !== H264_ERROR_CODES.outputTooSmall) throw new H264TrapError(`h264EncodeFrame failed (code ${written})`);
      this.module.free(this.output);
      this.capacity *= 2;
      this.output = this.module.alloc(this.capacity);
    }
  }

  private parameterSet(kind: 'sps' | 'pps'): Uint8Array {
    const written = this.module.call((m) =>
      kind === 'sps' ? m.h264WriteSps(this.workspace, this.output, this.capacity) : m.h264WritePps(this.workspace, this.output, this.capacity),
    );
    if (written < 0) throw new H264TrapError(`writing a parameter set failed (code ${written})`);
    return this.module.copyOut(this.output, written);
  }
}

function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new H264SizeError(`must be an integer >= 1, got ${value}`, name);
}

function checkOption(name: string, value: number, valid: (v: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !valid(value)) throw new H264OptionError(`must be ${expected}, got ${JSON.stringify(value)}`, name);
  return value;
}

function describeLength(plane: unknown): string {
  return plane instanceof Uint8Array ? `${plane.length} bytes` : `a ${typeof plane === 'object' && plane ? plane.constructor.name : typeof plane}`;
}
