// Runs the H.264 module's pixel kernels on plain arrays (16x16 areas, 16 blocks of 16 coefficients:
// block by * 4 + bx, raster order inside), for comparison with test/support/h264-reference.ts.
import type { H264Module } from '../../src/video/h264/module';

export class H264Kernels {
  constructor(private readonly module: H264Module) {}

  sad(a: Uint8Array, b: Uint8Array): number {
    return this.run((put) => {
      const pa = put(a), pb = put(b);
      return this.module.call((m) => m.h264Sad16x16(pa, 16, pb, 16));
    });
  }

  forwardResidual(cur: Uint8Array, pred: Uint8Array): Int16Array {
    return this.run((put, room, read) => {
      const pc = put(cur), pp = put(pred), coef = room(512);
      this.module.call((m) => m.h264ForwardResidual(pc, 16, pp, 16, coef));
      return read(coef, 256);
    });
  }

  quantize(coef: Int16Array, qp: number, intra: boolean): Int16Array {
    return this.run((put, room, read) => {
      const src = put(coef), dst = room(coef.byteLength);
      this.module.call((m) => m.h264Quantize(src, dst, coef.length / 16, qp, intra ? 1 : 0));
      return read(dst, coef.length);
    });
  }

  zeroInterResidualSad(qp: number): number {
    return this.module.call((m) => m.h264ZeroInterResidualSad(qp));
  }

  dequantize(levels: Int16Array, qp: number): Int16Array {
    return this.run((put, room, read) => {
      const src = put(levels), dst = room(levels.byteLength);
      this.module.call((m) => m.h264Dequantize(src, dst, levels.length / 16, qp));
      return read(dst, levels.length);
    });
  }

  inverseResidualAdd(coef: Int16Array, pred: Uint8Array): Uint8Array {
    return this.run((put, room) => {
      const src = put(coef), pp = put(pred), dst = room(256);
      this.module.call((m) => m.h264InverseResidualAdd(src, pp, 16, dst, 16));
      return this.module.copyOut(dst, 256);
    });
  }

  /** DC levels (raster over the block grid) of coefficient 0 of each block in `coef`. */
  forwardLumaDc(coef: Int16Array, qp: number): Int16Array {
    return this.run((put, room, read) => {
      const src = put(coef), dst = room(32);
      this.module.call((m) => m.h264ForwardLumaDc(src, dst, qp));
      return read(dst, 16);
    });
  }

  /** The 16 dcY values the module writes into coefficient 0 of each block. */
  inverseLumaDc(dcLevels: Int16Array, qp: number): Int16Array {
    return this.run((put, room, read) => {
      const src = put(dcLevels), coef = room(512);
      this.module.call((m) => m.h264InverseLumaDc(src, coef, qp));
      return read(coef, 256).filter((_, i) => i % 16 === 0);
    });
  }

  /** Intra_16x16 prediction from a 17x17 neighbourhood (row 0 and column 0 are the neighbours). */
  predictIntra16(mode: number, neighbourhood: Uint8Array, hasLeft: boolean, hasTop: boolean): Uint8Array {
    return this.run((put, room) => {
      const area = put(neighbourhood), dst = room(256);
      this.module.call((m) => m.h264PredictIntra16(mode, area + 17 + 1, 17, hasLeft ? 1 : 0, hasTop ? 1 : 0, dst));
      return this.module.copyOut(dst, 256);
    });
  }

  /** Intra_4x4 prediction from a 17x17 neighbourhood (the block's top-left sample at row 1, column 1). */
  predictIntra4(mode: number, neighbourhood: Uint8Array, hasLeft: boolean, hasTop: boolean, hasTopRight: boolean): Uint8Array {
    return this.run((put, room) => {
      const area = put(neighbourhood), dst = room(16);
      this.module.call((m) => m.h264PredictIntra4(mode, area + 17 + 1, 17, hasLeft ? 1 : 0, hasTop ? 1 : 0, hasTopRight ? 1 : 0, dst));
      return this.module.copyOut(dst, 16);
    });
  }

  /** Allocates, runs, and frees everything it allocated. */
  private run<T>(
    body: (put: (data: Uint8Array | Int16Array) => number, room: (bytes: number) => number, read: (ptr: number, length: number) => Int16Array) => T,
  ): T {
    const blocks: number[] = [];
    const room = (bytes: number) => {
      const ptr = this.module.alloc(bytes);
      blocks.push(ptr);
      return ptr;
    };
    const put = (data: Uint8Array | Int16Array) => {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const ptr = room(bytes.length);
      this.module.view(ptr, bytes.length).set(bytes);
      return ptr;
    };
    const read = (ptr: number, length: number) => new Int16Array(this.module.copyOut(ptr, length * 2).buffer);
    try {
      return body(put, room, read);
    } finally {
      for (const ptr of blocks) this.module.free(ptr);
    }
  }
}
