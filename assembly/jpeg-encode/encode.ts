import { BAD_DIMENSIONS, BAD_QUALITY, DST_TOO_SMALL } from "./codes";
import { BLOCK_MAX_BYTES, TAIL_BYTES, validDimensions } from "./bound";
import { EOI_BYTES, HEADER_BYTES, writeEoi, writeHeaders } from "./markers";
import { deriveHuffmanTables } from "./huffman";
import { deriveZigzagTables, prepareQuantization, quantizeBlock, zigzagMask } from "./quantize";
import { forwardDct } from "./fdct";
import { copyEdgeBlock } from "./padding";
import { bitsOutput, finishBits, startBits, takeBits } from "./bitwriter";
import { encodeBlock } from "./entropy";

// Baseline sequential JPEG encoder for one 8-bit component (greyscale JFIF).
// see: ITU-T T.81 Annex F.1 (baseline sequential encoding), https://www.w3.org/Graphics/JPEG/itu-t81.pdf
// One non-interleaved scan: blocks in raster order, DC predicted from the previous block.

const DCT_SCRATCH: usize = memory.data(64 * 4, 16);
const BLOCK_SCRATCH: usize = memory.data(64 * 2, 16);
const EDGE_SCRATCH: usize = memory.data(64, 16);

/** Room that must be left before coding a block: the block itself plus the tail (flush + EOI). */
const ROOM_PER_BLOCK: usize = <usize>(BLOCK_MAX_BYTES + TAIL_BYTES);

/** Encodes a width x height u8 plane (stride width, 1..65535 each) at quality 1..100 into dst; returns bytes written or a negative code (codes.ts). */
export function encodeGreyJpeg(src: usize, width: i32, height: i32, quality: i32, dst: usize, capacity: i32): i32 {
  if (!validDimensions(width, height)) return BAD_DIMENSIONS;
  if (quality < 1 || quality > 100) return BAD_QUALITY;
  if (capacity < HEADER_BYTES + TAIL_BYTES + EOI_BYTES) return DST_TOO_SMALL;
  deriveHuffmanTables();
  deriveZigzagTables();
  prepareQuantization(quality);
  startBits(writeHeaders(dst, width, height));
  if (!encodeScan(src, width, height, dst + <usize>capacity)) return DST_TOO_SMALL;
  return <i32>(writeEoi(finishBits(takeBits())) - dst);
}

/** Codes every block in raster order; false if the output would pass `end`. */
function encodeScan(src: usize, width: i32, height: i32, end: usize): bool {
  const fullColumns = width >> 3, columns = (width + 7) >> 3;
  const fullRows = height >> 3, rows = (height + 7) >> 3;
  let dc = 0;
  for (let by = 0; by < rows; by++) {
    const rowStart = src + <usize>(by << 3) * <usize>width;
    for (let bx = 0; bx < columns; bx++) {
      if (end - bitsOutput() < ROOM_PER_BLOCK) return false;
      if (by < fullRows && bx < fullColumns) {
        forwardDct(rowStart + <usize>(bx << 3), <usize>width, DCT_SCRATCH);
      } else {
        copyEdgeBlock(src, width, height, bx << 3, by << 3, EDGE_SCRATCH);
        forwardDct(EDGE_SCRATCH, 8, DCT_SCRATCH);
      }
      quantizeBlock(DCT_SCRATCH, BLOCK_SCRATCH);
      dc = encodeBlock(BLOCK_SCRATCH, zigzagMask(BLOCK_SCRATCH), dc);
    }
  }
  return true;
}
