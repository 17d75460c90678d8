// Kernel: the process's instance of the WebAssembly module (assembly/, every per-pixel loop) and
// the one owner of its linear memory. Everything else asks it for memory (`alloc`), fills or reads
// it through fresh views, and calls the module's functions with pointers.
// Memory is an arena: `reset()` at the start of each frame frees everything, so it never creeps.
import { KernelTrapError } from '../core/errors';
import { wasmModule, type WasmBuild } from './module-loader';

/** The functions assembly/index.ts exports; pointers are byte offsets into `memory`. */
interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  greyFromRgb(src: number, dst: number, pixels: number): void;
  gaussianBlur(src: number, dst: number, tmp: number, width: number, height: number, weights: number, radius: number): void;
  fineBlur(src: number, dst: number, tmp: number, width: number, height: number, weights: number, radius: number): void;
  sobel(src: number, dst: number, width: number, height: number): void;
  reduceMean(src: number, width: number, height: number, k: number, dst: number): void;
  upsampleSobel(src: number, reducedWidth: number, reducedHeight: number, k: number, weights: number, dst: number, width: number, height: number, scratch: number): void;
  upsampleSobelJpeg(src: number, reducedWidth: number, reducedHeight: number, k: number, weights: number, width: number, height: number, scratch: number, quality: number, dst: number, capacity: number): number;
  upsampleScratchBytes(width: number, reducedWidth: number): number;
  encodeGreyJpeg(src: number, width: number, height: number, quality: number, dst: number, capacity: number): number;
  greyJpegBound(width: number, height: number): number;
  jpegParse(src: number, length: number): number;
  jpegWidth(): number;
  jpegHeight(): number;
  jpegComponents(): number;
  jpegFrameType(): number;
  jpegSampling(component: number): number;
  jpegScratchBytes(scale: number): number;
  jpegDecodeGrey(scratch: number, dst: number, scale: number): number;
  jpegScanEnd(src: number, length: number, from: number): number;
  standardDhtBytes(): number;
  writeStandardDht(dst: number): number;
  roundLanesOf(src: number, dst: number, count: number): void;
  floorLanesOf(src: number, dst: number, count: number): void;
}

const PAGE_BYTES = 65536;
const ALIGN = 16;
/** Past this much linear memory, an instance is replaced after its frame so the memory goes back to the OS. */
const RETAIN_BYTES = 512 * 1024 * 1024;

export class Kernel {
  private static shared: Kernel | undefined;
  private readonly exports: KernelExports;
  private readonly base: number;
  private top: number;
  /** Replaced by a fresh instance on the next `instance()` (after a trap, or grown too large). */
  private retired = false;
  /** Trapped: every further call is refused, even through an old reference. */
  private trapped = false;

  /** The process-wide instance (release build), created on first use and after a trap. */
  static instance(): Kernel {
    if (!Kernel.shared || Kernel.shared.retired) Kernel.shared = new Kernel('release');
    return Kernel.shared;
  }

  /** A private instance, e.g. of the debug build (assertions on) for tests. */
  static create(build: WasmBuild): Kernel {
    return new Kernel(build);
  }

  private constructor(build: WasmBuild) {
    const instance = new WebAssembly.Instance(wasmModule(build), { env: { abort: abortFromWasm } });
    this.exports = instance.exports as unknown as KernelExports;
    this.base = alignUp(this.exports.heapBase());
    this.top = this.base;
  }

  /** Frees every allocation; call at the start of each frame. */
  reset(): void {
    this.top = this.base;
  }

  /** `bytes` of fresh, 16-byte aligned memory (contents undefined); grows memory as needed. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = alignUp(ptr + bytes);
    const memory = this.exports.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
    this.top = end;
    return ptr;
  }

  /** A view of `length` bytes at `ptr`; invalid after the next `alloc` (memory may move). */
  view(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr, length);
  }

  /** Copies `data` into fresh memory and returns its pointer. */
  copyIn(data: ArrayLike<number>): number {
    const ptr = this.alloc(data.length);
    this.view(ptr, data.length).set(data);
    return ptr;
  }

  /** Copies `length` bytes at `ptr` out of linear memory. */
  copyOut(ptr: number, length: number): Uint8Array {
    return this.view(ptr, length).slice();
  }

  /** Bytes of linear memory in use by this instance (its whole buffer). */
  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** Drops the shared instance if it grew past RETAIN_BYTES; the next frame gets a fresh one. */
  releaseIfLarge(): void {
    if (this.memoryBytes > RETAIN_BYTES) this.retired = true;
  }

  greyFromRgb(src: number, dst: number, pixels: number): void {
    this.call(() => this.exports.greyFromRgb(src, dst, pixels));
  }

  gaussianBlur(src: number, dst: number, tmp: number, width: number, height: number, weights: number, radius: number): void {
    this.call(() => this.exports.gaussianBlur(src, dst, tmp, width, height, weights, radius));
  }

  /** gaussianBlur of a u16 plane of 1/16 levels into 1/128 levels (u16). */
  fineBlur(src: number, dst: number, tmp: number, width: number, height: number, weights: number, radius: number): void {
    this.call(() => this.exports.fineBlur(src, dst, tmp, width, height, weights, radius));
  }

  sobel(src: number, dst: number, width: number, height: number): void {
    this.call(() => this.exports.sobel(src, dst, width, height));
  }

  /** The kernels' f32 -> i32 lane conversion (assembly/lanes.ts) over `count` floats (a multiple of 4): round (ties to even) or floor. */
  convertLanes(src: number, dst: number, count: number, mode: 'round' | 'floor'): void {
    this.call(() => (mode === 'round' ? this.exports.roundLanesOf : this.exports.floorLanesOf)(src, dst, count));
  }

  /** The k x k cells' means of a u8 plane, in 1/16 levels (u16), ceil(w/k) x ceil(h/k). */
  reduceMean(src: number, width: number, height: number, k: number, dst: number): void {
    this.call(() => this.exports.reduceMean(src, width, height, k, dst));
  }

  /** The width x height frame's Sobel map, (w-2) x (h-2) u8, from its blurred plane on the grid k times coarser (u16, 1/128 levels). */
  upsampleSobel(src: number, reduced: { width: number; height: number }, k: number, weights: number, dst: number, width: number, height: number): void {
    const scratch = this.alloc(this.call(() => this.exports.upsampleScratchBytes(width, reduced.width)));
    this.call(() => this.exports.upsampleSobel(src, reduced.width, reduced.height, k, weights, dst, width, height, scratch));
  }

  /**
   * upsampleSobel's edge map coded as a greyscale JPEG (quality 1..100) into dst[0..capacity), 8 rows at a time
   * as they are made: the same bytes as encodeGreyJpeg of that map. Bytes written, or a negative code (src/jpeg/encode-codes.ts).
   */
  upsampleSobelJpeg(src: number, reduced: { width: number; height: number }, k: number, weights: number, width: number, height: number, quality: number, dst: number, capacity: number): number {
    const scratch = this.alloc(this.call(() => this.exports.upsampleScratchBytes(width, reduced.width)));
    return this.call(() => this.exports.upsampleSobelJpeg(src, reduced.width, reduced.height, k, weights, width, height, scratch, quality, dst, capacity));
  }

  /** Greyscale baseline JPEG of the width x height plane at src into dst; bytes written, or a negative code (src/jpeg/encode-codes.ts). */
  encodeGreyJpeg(src: number, width: number, height: number, quality: number, dst: number, capacity: number): number {
    return this.call(() => this.exports.encodeGreyJpeg(src, width, height, quality, dst, capacity));
  }

  /** Output bytes that always suffice for encodeGreyJpeg at this size, or a negative code. */
  greyJpegBound(width: number, height: number): number {
    return this.call(() => this.exports.greyJpegBound(width, height));
  }

  /** Parses the JPEG at src[0..length) up to its first scan; 0 or a negative code (src/jpeg/decode-codes.ts). */
  jpegParse(src: number, length: number): number {
    return this.call(() => this.exports.jpegParse(src, length));
  }

  /** The parsed frame's size and component count (0 before a frame header was read). */
  jpegFrame(): { width: number; height: number; components: number } {
    return this.call(() => ({ width: this.exports.jpegWidth(), height: this.exports.jpegHeight(), components: this.exports.jpegComponents() }));
  }

  /** The parsed frame's SOFn type (0xC0, 0xC1, 0xC2; 0 before a frame header) and each component's [H, V] sampling factors as declared (at most 4). */
  jpegFrameLayout(): { frameType: number; sampling: Array<[number, number]> } {
    return this.call(() => {
      const count = Math.min(this.exports.jpegComponents(), 4);
      const sampling = Array.from({ length: count }, (_, c): [number, number] => {
        const hv = this.exports.jpegSampling(c);
        return [hv >> 4, hv & 15];
      });
      return { frameType: this.exports.jpegFrameType(), sampling };
    });
  }

  /** Bytes of scratch memory jpegDecodeGrey needs at 1/scale (0 unless jpegParse returned 0). */
  jpegScratchBytes(scale = 1): number {
    return this.call(() => this.exports.jpegScratchBytes(scale));
  }

  /**
   * Decodes the parsed JPEG at dst: a width*height grey plane (scale 1), or at 1/2, 1/4, 1/8 the
   * ceil(w/scale) x ceil(h/scale) grid as u16 in 1/16 grey levels; 0 or a negative code.
   */
  jpegDecodeGrey(scratch: number, dst: number, scale = 1): number {
    return this.call(() => this.exports.jpegDecodeGrey(scratch, dst, scale));
  }

  /** Offset of the marker that ends the coded data starting at `from` in src[0..length) (restart markers and stuffed 0xFF00 belong to it), or -1 (src/jpeg/header.ts's ScanEndFinder). */
  jpegScanEnd(src: number, length: number, from: number): number {
    return this.call(() => this.exports.jpegScanEnd(src, length, from));
  }

  /** The DHT segment of the four standard Huffman tables (T.81 K.3), from the module's one copy of them. */
  standardHuffmanDht(): Uint8Array {
    const dst = this.alloc(this.call(() => this.exports.standardDhtBytes()));
    return this.copyOut(dst, this.call(() => this.exports.writeStandardDht(dst)));
  }

  /** Runs a kernel; a trap poisons this instance (never reused) and becomes a KernelTrapError. */
  protected call<T>(run: () => T): T {
    if (this.trapped) throw new KernelTrapError('this WebAssembly instance trapped earlier and was discarded');
    try {
      return run();
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError) && !(error instanceof WasmAbort)) throw error;
      this.retired = true;
      this.trapped = true;
      throw new KernelTrapError(`the WebAssembly kernel trapped (${(error as Error).message})`);
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
