// The owner of the H.264 WebAssembly instance and its linear memory. Encoders ask it for blocks
// (`alloc`), read and write them through fresh views, and free them on close. Memory is a stack-like
// arena: freeing lowers its top to the end of the highest block still in use, so encoders made and
// closed one after another (one per segment) reuse the same memory instead of growing it.
import { H264TrapError } from './errors';
import { h264WasmModule, type H264WasmBuild } from './wasm-binary';

/** The functions assembly/h264/index.ts exports; pointers are byte offsets into `memory`. */
export interface H264Exports {
  memory: WebAssembly.Memory;
  h264HeapBase(): number;
  h264WorkspaceBytes(width: number, height: number): number;
  h264Init(ws: number, width: number, height: number, qp: number, levelIdc: number): number;
  h264WriteSps(ws: number, dst: number, capacity: number): number;
  h264WritePps(ws: number, dst: number, capacity: number): number;
  h264EncodeFrame(ws: number, src: number, dst: number, capacity: number, idr: number, frameNum: number, idrPicId: number): number;
  h264CopyReconstruction(ws: number, dst: number): number;
  h264Sad16x16(a: number, aStride: number, b: number, bStride: number): number;
  h264ForwardResidual(cur: number, curStride: number, pred: number, predStride: number, coef: number): void;
  h264Quantize(coef: number, levels: number, blocks: number, qp: number, intra: number): void;
  h264ZeroInterResidualSad(qp: number): number;
  h264Dequantize(levels: number, coef: number, blocks: number, qp: number): void;
  h264InverseResidualAdd(coef: number, pred: number, predStride: number, dst: number, dstStride: number): void;
  h264ForwardLumaDc(coef: number, dcLevels: number, qp: number): void;
  h264InverseLumaDc(dcLevels: number, coef: number, qp: number): void;
  h264PredictIntra16(mode: number, origin: number, stride: number, hasLeft: number, hasTop: number, dst: number): void;
  h264PredictIntra4(mode: number, origin: number, stride: number, hasLeft: number, hasTop: number, hasTopRight: number, dst: number): void;
}

/** Negative return codes of the module (assembly/h264/errors.ts). */
export const H264_ERROR_CODES = { badSize: -1, badQp: -2, outputTooSmall: -3, badWorkspace: -4 } as const;

const PAGE_BYTES = 65536;
const ALIGN = 16;

export class H264Module {
  private static shared: H264Module | undefined;
  private readonly exports: H264Exports;
  private readonly base: number;
  private top: number;
  /** Start -> end of every block in use. */
  private readonly blocks = new Map<number, number>();
  private trapped = false;

  /** The process-wide instance of the release build, created on first use and again after a trap. */
  static instance(): H264Module {
    if (!H264Module.shared || H264Module.shared.trapped) H264Module.shared = new H264Module('release');
    return H264Module.shared;
  }

  /** A private instance, e.g. of the debug build for tests. */
  static create(build: H264WasmBuild): H264Module {
    return new H264Module(build);
  }

  private constructor(build: H264WasmBuild) {
    const instance = new WebAssembly.Instance(h264WasmModule(build), { env: { abort: abortFromWasm } });
    this.exports = instance.exports as unknown as H264Exports;
    this.base = alignUp(this.exports.h264HeapBase());
    this.top = this.base;
  }

  /** `bytes` of 16-byte aligned memory (contents undefined), growing memory as needed; give it back with `free`. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = alignUp(ptr + Math.max(bytes, 1));
    const memory = this.exports.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
    this.top = end;
    this.blocks.set(ptr, end);
    return ptr;
  }

  /** Returns a block from `alloc`; memory above the highest block still in use is free again. */
  free(ptr: number): void {
    this.blocks.delete(ptr);
    this.top = Math.max(this.base, ...this.blocks.values());
  }

  /** A view of `length` bytes at `ptr`; invalid after the next `alloc` (memory may move). */
  view(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr, length);
  }

  /** Copies `length` bytes at `ptr` out of linear memory. */
  copyOut(ptr: number, length: number): Uint8Array {
    return this.view(ptr, length).slice();
  }

  /** Bytes of linear memory (the whole buffer). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** Runs one export; a trap poisons this instance and becomes an H264TrapError. */
  call<T>(run: (exports: H264Exports) => T): T {
    if (this.trapped) throw new H264TrapError('this WebAssembly instance trapped earlier and was discarded');
    try {
      return run(this.exports);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError) && !(error instanceof WasmAbort)) throw error;
      this.trapped = true;
      throw new H264TrapError(`the WebAssembly encoder trapped (${(error as Error).message})`);
    }
  }
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/** An assertion failed inside the debug build. */
class WasmAbort extends Error {}

function abortFromWasm(_message: number, _file: number, line: number, column: number): never {
  throw new WasmAbort(`assertion failed at line ${line}:${column}`);
}
