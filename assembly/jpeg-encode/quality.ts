// IJG quality scaling of a quantisation table.
// see: libjpeg's jcparam.c (jpeg_quality_scaling) as documented in libjpeg.txt, "quality" setting:
// quality 1..100 becomes a percentage scale (5000/q below 50, 200-2q from 50), and every
// entry is (base * scale + 50) / 100 clamped to 1..255 so it fits baseline's 8-bit tables.

/** Percentage scale for quality 1..100 (5000 at q=1, 100 at q=50, 0 at q=100). */
export function qualityScale(quality: i32): i32 {
  return quality < 50 ? 5000 / quality : 200 - quality * 2;
}

/** One table entry (base 1..255) scaled by `scale` percent, clamped to 1..255. */
@inline export function scaledEntry(base: i32, scale: i32): i32 {
  return min(max((base * scale + 50) / 100, 1), 255);
}
