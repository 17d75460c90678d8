// A big-endian byte writer for ISO BMFF boxes: fixed-width integers, four-character codes, and
// boxes whose 32-bit size is patched in once their body is written (ISO/IEC 14496-12 4.2).
// It grows by doubling, so a caller need not know a box's size up front.

const MAX_U32 = 0xffffffff;

export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buffer.buffer);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  u8(value: number): this {
    this.reserve(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
    return this;
  }

  u16(value: number): this {
    this.reserve(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
    return this;
  }

  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > MAX_U32) throw new RangeError(`u32 out of range: ${value}`);
    this.reserve(4);
    this.view.setUint32(this.length, value);
    this.length += 4;
    return this;
  }

  /** An unsigned 64-bit integer from a safe JavaScript integer (files stay far below 2^53 bytes). */
  u64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`u64 out of range: ${value}`);
    this.reserve(8);
    this.view.setBigUint64(this.length, BigInt(value));
    this.length += 8;
    return this;
  }

  /** `count` zero bytes (reserved and pre_defined fields). */
  zeros(count: number): this {
    this.reserve(count);
    this.buffer.fill(0, this.length, this.length + count);
    this.length += count;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** A four-character code (box type, brand, handler type): exactly 4 ASCII characters. */
  fourcc(code: string): this {
    if (!/^[\x20-\x7e]{4}$/.test(code)) throw new RangeError(`not a four-character code: ${JSON.stringify(code)}`);
    for (let i = 0; i < 4; i++) this.u8(code.charCodeAt(i));
    return this;
  }

  /** A box: 32-bit size, type, then whatever `body` writes; the size is patched afterwards. */
  box(type: string, body: (writer: this) => void): this {
    const start = this.length;
    this.u32(0).fourcc(type);
    body(this);
    const size = this.length - start;
    if (size > MAX_U32) throw new RangeError(`box ${type} of ${size} bytes needs a 64-bit size`);
    this.view.setUint32(start, size);
    return this;
  }

  /** A full box: a box whose body starts with an 8-bit version and 24-bit flags. */
  fullBox(type: string, version: number, flags: number, body: (writer: this) => void): this {
    return this.box(type, (writer) => {
      writer.u8(version).u8((flags >>> 16) & 0xff).u16(flags & 0xffff);
      body(writer);
    });
  }

  /** A copy of the bytes written. */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}
