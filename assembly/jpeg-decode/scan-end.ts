// Where a scan's entropy-coded data ends: the first marker after it that is neither a stuffed
// 0xFF 0x00 nor a restart marker (those belong to the data), found sixteen bytes at a time. The
// TypeScript header reader (src/jpeg/header.ts) skips each scan with it when the bytes are in
// linear memory; its own loop does the same where they are not.
// see: ITU-T T.81 B.1.1.2 (markers, fill bytes), B.1.1.5 (restart markers), F.1.2.3 (byte stuffing).

/** The first 0xFF at or after `at` in src[0..length), or `length` if there is none. */
@inline function nextFF(src: usize, at: i32, length: i32): i32 {
  const ff = i8x16.splat(-1);
  for (; at + 16 <= length; at += 16) {
    const found = i8x16.bitmask(i8x16.eq(v128.load(src + <usize>at), ff));
    if (found != 0) return at + <i32>ctz(found);
  }
  while (at < length && load<u8>(src + <usize>at) != 0xff) at++;
  return at;
}

/**
 * Offset of the marker that ends the entropy-coded data starting at `from` in src[0..length):
 * the last 0xFF before its code (fill bytes skipped); -1 if the data ends first (no marker, or a
 * 0xFF as the last byte).
 */
export function jpegScanEnd(src: usize, length: i32, from: i32): i32 {
  let at = max(from, 0);
  while (true) {
    at = nextFF(src, at, length);
    if (at + 1 >= length) return -1;
    const next = <i32>load<u8>(src + <usize>(at + 1));
    if (next == 0xff) at += 1;
    else if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) at += 2;
    else return at;
  }
}
