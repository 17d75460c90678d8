import { sobelRow } from "./sobel";
import { DST_TOO_SMALL } from "./jpeg-encode/codes";
import { encodeStrip, finishGreyJpeg, startGreyJpeg } from "./jpeg-encode/encode";

// The fast path's last pass: from the blurred plane on the grid k times coarser (u16 Q7) to the
// full-size (w-2) x (h-2) edge map, row by row, with no full-size plane in between. Each full row
// is Keys' cubic across (a reduced row to full width, Q7, kept in a ring of four) then down (four
// of those rows to whole levels, in a ring of three), and every three rows give one row of Sobel.
// For a JPEG the Sobel rows go to a strip of 8 that the encoder codes as soon as it is full, so
// not even the edge map exists at full size (no 8 MB plane to fault in and stream at 4K).
// The arithmetic is src/core/reference.ts's referenceUpsample; the weights are cubicWeights (Q13).
// see: R. Keys, "Cubic convolution interpolation for digital image processing", IEEE Trans. ASSP 29(6), 1981.

/** Across rows are stored as Q7 - OFFSET, so they fit i16 lanes with the cubic's overshoot. */
const OFFSET: i32 = 16384;
/** Edge samples repeated on each side of a padded reduced row: the farthest tap is 2 away. */
const PAD: i32 = 2;
/** Slack after every scratch row, for whole-vector loads and stores past its end. */
const SLACK: i32 = 32;
/** Bits of the interpolation weights. */
const BITS: i32 = 13;

/** Per k: byte indices (for i8x16.swizzle) and weights of taps (0,1) and (2,3), outputs 0..3 and 4..7 of a block of 8. */
const SHUFFLES = memory.data(4 * 16, 16);
const PAIR_WEIGHTS = memory.data(4 * 16, 16);

@inline function align16(n: i32): i32 {
  return (n + 15) & ~15;
}

/** Bytes of scratch upsampleSobel needs for a frame `width` wide whose reduced grid is `reducedWidth` wide (upsampleSobelJpeg: a strip of 8 output rows more). */
export function upsampleScratchBytes(width: i32, reducedWidth: i32): i32 {
  return 4 * align16(2 * width + SLACK) + 3 * align16(width + SLACK) + align16(2 * (reducedWidth + 2 * PAD) + SLACK) + STRIP_ROWS * align16(width);
}

/** Rows of edge map upsampleSobelJpeg hands the encoder at a time: one row of JPEG blocks. */
const STRIP_ROWS: i32 = 8;

/** Phase (n mod k) and first tap (before clamping) of full-size position n. */
@inline function firstTap(n: i32, k: i32): i32 {
  const phase = n % k;
  return n / k - (2 * phase + 1 < k ? 2 : 1);
}

/**
 * Edge map of the width x height frame (width, height >= 3) whose blurred plane on the grid k
 * times coarser (k = 2, 4 or 8) is `src`: reducedWidth x reducedHeight u16 Q7. `weights`: k x 4
 * i32 Q13 (cubicWeights); `dst`: (width-2) x (height-2) u8; `scratch`: upsampleScratchBytes, 16-aligned.
 */
export function upsampleSobel(src: usize, reducedWidth: i32, reducedHeight: i32, k: i32, weights: usize, dst: usize, width: i32, height: i32, scratch: usize): void {
  upsampleSobelRows(src, reducedWidth, reducedHeight, k, weights, dst, width, height, scratch, false);
}

/**
 * upsampleSobel's edge map as a greyscale JPEG at quality 1..100 in dst[0..capacity), coded a
 * strip of 8 rows at a time as they are made (no full-size plane): the same bytes as
 * encodeGreyJpeg of upsampleSobel's map. Returns the bytes written or a negative code (jpeg-encode/codes.ts).
 */
export function upsampleSobelJpeg(src: usize, reducedWidth: i32, reducedHeight: i32, k: i32, weights: usize, width: i32, height: i32, scratch: usize, quality: i32, dst: usize, capacity: i32): i32 {
  const started = startGreyJpeg(width - 2, height - 2, quality, dst, capacity);
  if (started < 0) return started;
  if (!upsampleSobelRows(src, reducedWidth, reducedHeight, k, weights, 0, width, height, scratch, true)) return DST_TOO_SMALL;
  return finishGreyJpeg(dst);
}

/** Both: rows to `dst`, or (`toJpeg`) to a strip in scratch coded by encodeStrip; false if the JPEG outgrew its buffer. */
@inline function upsampleSobelRows(src: usize, reducedWidth: i32, reducedHeight: i32, k: i32, weights: usize, dst: usize, width: i32, height: i32, scratch: usize, toJpeg: bool): bool {
  const acrossBytes = <usize>align16(2 * width + SLACK);
  const rowBytes = <usize>align16(width + SLACK);
  const across = scratch;
  const rows = across + 4 * acrossBytes;
  const padded = rows + 3 * rowBytes;
  const outWidth = width - 2;
  const strip = padded + <usize>align16(2 * (reducedWidth + 2 * PAD) + SLACK);
  prepareShuffles(k, weights);
  let computed = 0; // reduced rows 0..computed-1 are in the across ring (the last four of them)
  for (let y = 0; y < height; y++) {
    const first = firstTap(y, k);
    const last = min(first + 3, reducedHeight - 1);
    for (; computed <= last; computed++) {
      padRow(src + <usize>(computed * reducedWidth) * 2, reducedWidth, padded);
      acrossRow(padded, k, weights, across + <usize>(computed & 3) * acrossBytes, width);
    }
    const phase = weights + <usize>((y % k) << 4);
    const a = acrossSlot(across, acrossBytes, first, reducedHeight);
    const b = acrossSlot(across, acrossBytes, first + 1, reducedHeight);
    const c = acrossSlot(across, acrossBytes, first + 2, reducedHeight);
    const d = acrossSlot(across, acrossBytes, first + 3, reducedHeight);
    downRow(a, b, c, d, phase, rows + <usize>(y % 3) * rowBytes, width);
    if (y < 2) continue;
    const top = rows + <usize>((y - 2) % 3) * rowBytes;
    const mid = rows + <usize>((y - 1) % 3) * rowBytes;
    const bottom = rows + <usize>(y % 3) * rowBytes;
    const outY = y - 2;
    if (!toJpeg) {
      sobelRow(top, mid, bottom, dst + <usize>outY * <usize>outWidth, outWidth);
      continue;
    }
    const inStrip = outY & (STRIP_ROWS - 1);
    sobelRow(top, mid, bottom, strip + <usize>inStrip * <usize>outWidth, outWidth);
    if ((inStrip == STRIP_ROWS - 1 || y == height - 1) && !encodeStrip(strip, inStrip + 1)) return false;
  }
  return true;
}

/** The across row of reduced row `i` clamped to the grid: the ring holds row i in slot i mod 4. */
@inline function acrossSlot(across: usize, acrossBytes: usize, i: i32, reducedHeight: i32): usize {
  return across + <usize>(min(reducedHeight - 1, max(0, i)) & 3) * acrossBytes;
}

/** A reduced row (u16 Q7) as i16 Q7 - OFFSET, its edge sample repeated PAD times before and PAD + 8 times after. */
function padRow(row: usize, reducedWidth: i32, padded: usize): void {
  const left = <i32>load<u16>(row) - OFFSET;
  const right = <i32>load<u16>(row + <usize>(reducedWidth - 1) * 2) - OFFSET;
  for (let i = 0; i < PAD; i++) store<i16>(padded + <usize>i * 2, <i16>left);
  const body = padded + <usize>PAD * 2;
  const offset = i16x8.splat(<i16>OFFSET);
  let i = 0;
  for (; i + 8 <= reducedWidth; i += 8) v128.store(body + <usize>i * 2, i16x8.sub(v128.load(row + <usize>i * 2), offset));
  for (; i < reducedWidth; i++) store<i16>(body + <usize>i * 2, <i16>(<i32>load<u16>(row + <usize>i * 2) - OFFSET));
  for (let j = 0; j < PAD + 8; j++) store<i16>(body + <usize>(reducedWidth + j) * 2, <i16>right);
}

/**
 * The swizzles and weights that turn eight padded samples starting at the first tap of output 0
 * of a block into tap pairs for outputs 0..3 and 4..7. A block of 8 starts at a multiple of k,
 * so every block has the same pattern.
 */
function prepareShuffles(k: i32, weights: usize): void {
  const base = firstTap(0, k);
  for (let half = 0; half < 2; half++) {
    for (let pair = 0; pair < 2; pair++) {
      const table = (half << 1) | pair;
      for (let lane = 0; lane < 4; lane++) {
        const n = 4 * half + lane;
        const phase = n % k;
        for (let t = 0; t < 2; t++) {
          const tap = 2 * pair + t;
          const source = firstTap(n, k) - base + tap;
          store<u8>(SHUFFLES + <usize>(table * 16 + lane * 4 + t * 2), <u8>(2 * source));
          store<u8>(SHUFFLES + <usize>(table * 16 + lane * 4 + t * 2 + 1), <u8>(2 * source + 1));
          store<i16>(PAIR_WEIGHTS + <usize>(table * 16 + lane * 4 + t * 2), <i16>load<i32>(weights + <usize>((phase * 4 + tap) << 2)));
        }
      }
    }
  }
}

/** Keys' cubic across one padded reduced row into `width` outputs, Q7 - OFFSET (rounded). */
function acrossRow(padded: usize, k: i32, weights: usize, out: usize, width: i32): void {
  const round = i32x4.splat(1 << (BITS - 1));
  const body = padded + <usize>PAD * 2;
  const base = firstTap(0, k);
  let x = 0;
  for (; x + 8 <= width; x += 8) {
    const samples = v128.load(body + <usize>(x / k + base) * 2);
    const lo = i32x4.add(
      i32x4.dot_i16x8_s(i8x16.swizzle(samples, v128.load(SHUFFLES)), v128.load(PAIR_WEIGHTS)),
      i32x4.dot_i16x8_s(i8x16.swizzle(samples, v128.load(SHUFFLES, 16)), v128.load(PAIR_WEIGHTS, 16)),
    );
    const hi = i32x4.add(
      i32x4.dot_i16x8_s(i8x16.swizzle(samples, v128.load(SHUFFLES, 32)), v128.load(PAIR_WEIGHTS, 32)),
      i32x4.dot_i16x8_s(i8x16.swizzle(samples, v128.load(SHUFFLES, 48)), v128.load(PAIR_WEIGHTS, 48)),
    );
    v128.store(out + <usize>x * 2, i16x8.narrow_i32x4_s(i32x4.shr_s(i32x4.add(lo, round), BITS), i32x4.shr_s(i32x4.add(hi, round), BITS)));
  }
  for (; x < width; x++) {
    const phase = weights + <usize>((x % k) << 4);
    const at = body + <usize>(firstTap(x, k) * 2);
    let sum = 1 << (BITS - 1);
    for (let tap = 0; tap < 4; tap++) sum += load<i32>(phase + <usize>(tap << 2)) * <i32>load<i16>(at + <usize>(tap * 2));
    store<i16>(out + <usize>x * 2, <i16>(sum >> BITS));
  }
}

/** One full row from four across rows (Q7 - OFFSET) and the row's four Q13 weights: whole levels, rounded, clamped to 0..255. */
function downRow(a: usize, b: usize, c: usize, d: usize, weights: usize, out: usize, width: i32): void {
  const w01 = i32x4.splat((load<i32>(weights) & 0xffff) | (load<i32>(weights, 4) << 16));
  const w23 = i32x4.splat((load<i32>(weights, 8) & 0xffff) | (load<i32>(weights, 12) << 16));
  // Sum of w * (Q7 - OFFSET) + OFFSET * 8192 + half, over 2^20: the weights sum to 8192.
  const bias = i32x4.splat((OFFSET << BITS) + (1 << (BITS + 6)));
  let x = 0;
  for (; x + 8 <= width; x += 8) {
    const at = <usize>x * 2;
    const va = v128.load(a + at), vb = v128.load(b + at), vc = v128.load(c + at), vd = v128.load(d + at);
    const lo = i32x4.add(i32x4.add(bias, i32x4.dot_i16x8_s(v128.shuffle<i16>(va, vb, 0, 8, 1, 9, 2, 10, 3, 11), w01)), i32x4.dot_i16x8_s(v128.shuffle<i16>(vc, vd, 0, 8, 1, 9, 2, 10, 3, 11), w23));
    const hi = i32x4.add(i32x4.add(bias, i32x4.dot_i16x8_s(v128.shuffle<i16>(va, vb, 4, 12, 5, 13, 6, 14, 7, 15), w01)), i32x4.dot_i16x8_s(v128.shuffle<i16>(vc, vd, 4, 12, 5, 13, 6, 14, 7, 15), w23));
    const words = i16x8.narrow_i32x4_s(i32x4.shr_s(lo, BITS + 7), i32x4.shr_s(hi, BITS + 7));
    v128.store64_lane(out + <usize>x, i8x16.narrow_i16x8_u(words, words), 0);
  }
  for (; x < width; x++) {
    const at = <usize>x * 2;
    let sum = (OFFSET << BITS) + (1 << (BITS + 6));
    sum += load<i32>(weights) * <i32>load<i16>(a + at) + load<i32>(weights, 4) * <i32>load<i16>(b + at);
    sum += load<i32>(weights, 8) * <i32>load<i16>(c + at) + load<i32>(weights, 12) * <i32>load<i16>(d + at);
    store<u8>(out + <usize>x, <u8>min(255, max(0, sum >> (BITS + 7))));
  }
}
