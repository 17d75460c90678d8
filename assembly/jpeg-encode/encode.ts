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
// The image is coded a strip of 8 rows (one row of blocks) at a time, so a producer of rows can
// hand each strip over while it is still in cache (upsample-sobel.ts) instead of a whole plane.

const DCT_SCRATCH: usize = memory.data(64 * 4, 16);
const BLOCK_SCRATCH: usize = memory.data(64 * 2, 16);
const EDGE_SCRATCH: usize = memory.data(64, 16);

/** Room that must be left before coding a block: the block itself plus the tail (flush + EOI). */
const ROOM_PER_BLOCK: usize = <usize>(BLOCK_MAX_BYTES + TAIL_BYTES);

/** The image being coded: its width, the end of the output buffer, the DC prediction. */
let imageWidth = 0;
let outputEnd: usize = 0;
let previousDc = 0;

/** Encodes a width x height u8 plane (stride width, 1..65535 each) at quality 1..100 into dst; returns bytes written or a negative code (codes.ts). */
export function encodeGreyJpeg(src: usize, width: i32, height: i32, quality: i32, dst: usize, capacity: i32): i32 {
  const started = startGreyJpeg(width, height, quality, dst, capacity);
  if (started < 0) return started;
  for (let y = 0; y < height; y += 8) {
    if (!encodeStrip(src + <usize>y * <usize>width, min(8, height - y))) return DST_TOO_SMALL;
  }
  return finishGreyJpeg(dst);
}

/** Starts the JPEG of a width x height image at quality 1..100 in dst[0..capacity): writes its headers; 0 or a negative code. */
export function startGreyJpeg(width: i32, height: i32, quality: i32, dst: usize, capacity: i32): i32 {
  if (!validDimensions(width, height)) return BAD_DIMENSIONS;
  if (quality < 1 || quality > 100) return BAD_QUALITY;
  if (capacity < HEADER_BYTES + TAIL_BYTES + EOI_BYTES) return DST_TOO_SMALL;
  deriveHuffmanTables();
  deriveZigzagTables();
  prepareQuantization(quality);
  startBits(writeHeaders(dst, width, height));
  imageWidth = width;
  outputEnd = dst + <usize>capacity;
  previousDc = 0;
  return 0;
}

/**
 * Codes the next row of blocks from `rows` (1..8) rows of the image at `strip` (stride = the
 * image's width); fewer than 8 (the last strip) repeat the last row. False if the output would
 * pass the end of the buffer.
 */
export function encodeStrip(strip: usize, rows: i32): bool {
  const width = imageWidth;
  const fullColumns = width >> 3, columns = (width + 7) >> 3;
  let dc = previousDc;
  for (let bx = 0; bx < columns; bx++) {
    if (outputEnd - bitsOutput() < ROOM_PER_BLOCK) return false;
    if (rows == 8 && bx < fullColumns) {
      forwardDct(strip + <usize>(bx << 3), <usize>width, DCT_SCRATCH);
    } else {
      copyEdgeBlock(strip, width, rows, bx << 3, 0, EDGE_SCRATCH);
      forwardDct(EDGE_SCRATCH, 8, DCT_SCRATCH);
    }
    quantizeBlock(DCT_SCRATCH, BLOCK_SCRATCH);
    dc = encodeBlock(BLOCK_SCRATCH, zigzagMask(BLOCK_SCRATCH), dc);
  }
  previousDc = dc;
  return true;
}

/** Ends the image started at dst: pads the last byte and writes EOI; returns the bytes written. */
export function finishGreyJpeg(dst: usize): i32 {
  return <i32>(writeEoi(finishBits(takeBits())) - dst);
}
