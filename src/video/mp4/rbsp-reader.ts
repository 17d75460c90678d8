// Reads the bits of an H.264 NAL unit's payload (RBSP): fixed-width fields and Exp-Golomb codes.
// see: ITU-T H.264 7.4.1 (emulation_prevention_three_byte) and 9.1 (Exp-Golomb codes)

/** The payload with emulation prevention bytes removed: every 0x03 after two zero bytes. */
export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length);
  let length = 0;
  let zeros = 0;
  for (const byte of nal) {
    if (zeros >= 2 && byte === 0x03) {
      zeros = 0;
      continue;
    }
    out[length++] = byte;
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out.subarray(0, length);
}

/** Thrown when a read goes past the end of the payload; callers turn it into their own error. */
export class RbspEndError extends Error {
  override name = 'RbspEndError';
}

export class RbspReader {
  private bitOffset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** One bit. */
  bit(): number {
    const byteIndex = this.bitOffset >>> 3;
    if (byteIndex >= this.bytes.length) throw new RbspEndError('read past the end of the NAL unit');
    const value = (this.bytes[byteIndex] >>> (7 - (this.bitOffset & 7))) & 1;
    this.bitOffset++;
    return value;
  }

  /** u(n): an unsigned integer of `count` bits (at most 32). */
  bits(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) value = value * 2 + this.bit();
    return value;
  }

  /** ue(v): unsigned Exp-Golomb; codes longer than 32 bits are refused (no valid SPS field needs one). */
  ue(): number {
    let leadingZeros = 0;
    while (this.bit() === 0) {
      leadingZeros++;
      if (leadingZeros > 31) throw new RbspEndError('Exp-Golomb code longer than 32 bits');
    }
    return 2 ** leadingZeros - 1 + this.bits(leadingZeros);
  }

  /** se(v): signed Exp-Golomb (9.1.1: 1, -1, 2, -2, ...). */
  se(): number {
    const code = this.ue();
    return code % 2 === 1 ? (code + 1) / 2 : -(code / 2);
  }
}
