import { AC_CODES, DC_CODES, ZRL_PREFIXES } from "./huffman";
import { keepBits, putBits, takeBits } from "./bitwriter";
import { ZIGZAG_OFFSETS } from "./quantize";

// Huffman coding of one quantised block, baseline sequential.
// see: ITU-T T.81 section F.1.2.1 (DC difference: category + extra bits) and F.1.2.2
// (AC: run/size symbols, ZRL for 16 zeros, EOB after the last non-zero coefficient).
// The loop visits only non-zero coefficients: zero runs are read off the zig-zag mask with ctz,
// and the ZRLs of a long run are prefixed to the coefficient's own code, so each is one put.

const EOB: usize = 0x00;
const CODE_MASK: u64 = 0xffffffff;

/** Codes the transposed i16 block whose zig-zag non-zero mask is `mask`; returns its DC for the next prediction. */
export function encodeBlock(block: usize, mask: u64, previousDc: i32): i32 {
  const dc = <i32>load<i16>(block);
  let bits = takeBits();
  const dcWord = codeword(DC_CODES, 0, dc - previousDc);
  bits = putBits(bits, dcWord & CODE_MASK, <i32>(dcWord >> 32));
  let rest = mask & ~(<u64>1);
  let k: usize = 0;
  while (rest != 0) {
    const next = <usize>ctz(rest);
    rest &= rest - 1;
    const zeros = next - k - 1;
    k = next;
    const value = <i32>load<i16>(block + <usize>load<u8>(ZIGZAG_OFFSETS + k));
    const symbolBase = <i32>(zeros & 15) << 4;
    const word = codeword(AC_CODES, symbolBase, value);
    let code = word & CODE_MASK;
    let length = word >> 32;
    if (zeros > 15) {
      const prefix = ZRL_PREFIXES + ((zeros >> 4) << 4);
      code |= load<u64>(prefix) << length;
      length += load<u64>(prefix, 8);
    }
    bits = putBits(bits, code, <i32>length);
  }
  if (k != 63) {
    const eob = load<u32>(AC_CODES + (EOB << 2));
    bits = putBits(bits, <u64>(eob & 0xffff), <i32>(eob >> 16));
  }
  keepBits(bits);
  return dc;
}

/** Magnitude category of value: bits in |value| (0 for 0). */
@inline function sizeOf(value: i32): i32 {
  const sign = value >> 31;
  return 32 - clz((value ^ sign) - sign);
}

/** Code of symbol `symbolBase | size(value)` followed by the size extra bits (negatives as value - 1), as length << 32 | bits. */
@inline function codeword(table: usize, symbolBase: i32, value: i32): u64 {
  const size = sizeOf(value);
  const extra = <u32>(value + (value >> 31)) & ((<u32>1 << <u32>size) - 1);
  const entry = load<u32>(table + (<usize>(symbolBase | size) << 2));
  const length = (entry >> 16) + <u32>size;
  return (<u64>length << 32) | <u64>(((entry & 0xffff) << <u32>size) | extra);
}
