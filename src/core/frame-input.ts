// A frame's encoded bytes, placed in the kernel's linear memory: filled at once from a buffer
// or chunk by chunk from a stream (the S3 body), so the object is never concatenated in JS.
import { Kernel } from '../wasm/instance';

export class FrameInput {
  private filled = 0;

  private constructor(
    readonly kernel: Kernel,
    readonly pointer: number,
    readonly length: number,
  ) {}

  /** Starts a new frame (frees the previous one's memory) with room for exactly `length` bytes. */
  static allocate(length: number, kernel: Kernel = Kernel.instance()): FrameInput {
    kernel.reset();
    return new FrameInput(kernel, kernel.alloc(length), length);
  }

  /** A frame holding a copy of `bytes`. */
  static from(bytes: Uint8Array, kernel?: Kernel): FrameInput {
    const input = FrameInput.allocate(bytes.length, kernel);
    input.write(bytes);
    return input;
  }

  /** Appends a chunk; more bytes than announced is an error (the caller names the object). */
  write(chunk: Uint8Array): void {
    if (this.filled + chunk.length > this.length) {
      throw new RangeError(`received more than the ${this.length} bytes announced`);
    }
    this.kernel.view(this.pointer + this.filled, chunk.length).set(chunk);
    this.filled += chunk.length;
  }

  /** Bytes received so far. */
  get received(): number {
    return this.filled;
  }

  /** The offset of the marker that ends the scan data starting at `from`, or -1 (header.ts's ScanEndFinder, in the kernel). */
  scanEnd(from: number): number {
    return this.kernel.jpegScanEnd(this.pointer, this.filled, from);
  }

  /** A view of the bytes (valid until the kernel allocates again). */
  bytes(): Uint8Array {
    return this.kernel.view(this.pointer, this.filled);
  }
}
