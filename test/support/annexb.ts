// H.264 Annex B byte streams (what `ffmpeg -f h264` writes) to what our encoder hands the muxer:
// AVCC samples (4-byte big-endian length-prefixed NAL units, one access unit each, without
// SPS/PPS) plus the SPS and PPS. Access units are told apart as H.264 7.4.1.2.3 says: a new one
// starts at an access unit delimiter, SPS, PPS or SEI after a slice, or at a slice whose
// first_mb_in_slice is 0.
import type { ParameterSets } from '../../src/video/mp4/avc-config';
import type { EncodedSample } from '../../src/video/mp4/sample-index';

const NAL = { nonIdrSlice: 1, idrSlice: 5, sei: 6, sps: 7, pps: 8, accessUnitDelimiter: 9 } as const;

/** The NAL units of an Annex B stream (start codes and trailing zero bytes removed). */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const starts: number[] = [];
  for (let i = 0; i + 2 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      starts.push(i + 3);
      i += 2;
    }
  }
  return starts.map((start, n) => {
    let end = n + 1 < starts.length ? starts[n + 1] - 3 : stream.length;
    while (end > start && stream[end - 1] === 0) end--;
    return stream.subarray(start, end);
  });
}

export interface AvccStream {
  parameterSets: ParameterSets;
  samples: EncodedSample[];
}

const isSlice = (type: number) => type === NAL.nonIdrSlice || type === NAL.idrSlice;

/** Groups NAL units into AVCC samples; throws if the stream has no SPS/PPS or changes them. */
export function annexBToAvcc(stream: Uint8Array): AvccStream {
  let sps: Uint8Array | undefined;
  let pps: Uint8Array | undefined;
  const units: Uint8Array[][] = [];
  let current: Uint8Array[] = [];
  let currentHasSlice = false;
  const flush = () => {
    if (current.length > 0 && currentHasSlice) units.push(current);
    current = [];
    currentHasSlice = false;
  };
  for (const nal of splitAnnexB(stream)) {
    const type = nal[0] & 0x1f;
    const startsNewUnit = isSlice(type) ? (nal[1] & 0x80) !== 0 : [NAL.sei, NAL.sps, NAL.pps, NAL.accessUnitDelimiter].includes(type as 6);
    if (startsNewUnit && currentHasSlice) flush();
    if (type === NAL.sps) sps = keepSame(sps, nal, 'SPS');
    else if (type === NAL.pps) pps = keepSame(pps, nal, 'PPS');
    else if (type !== NAL.accessUnitDelimiter) current.push(nal);
    if (isSlice(type)) currentHasSlice = true;
  }
  flush();
  if (!sps || !pps) throw new Error('the stream has no SPS or PPS');
  const samples = units.map((nals) => ({ data: lengthPrefixed(nals), keyframe: nals.some((nal) => (nal[0] & 0x1f) === NAL.idrSlice) }));
  return { parameterSets: { sps, pps }, samples };
}

function keepSame(previous: Uint8Array | undefined, next: Uint8Array, name: string): Uint8Array {
  if (previous && Buffer.compare(previous, next) !== 0) throw new Error(`the stream changes its ${name}`);
  return next;
}

/** NAL units each preceded by its 4-byte big-endian length. */
export function lengthPrefixed(nals: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(nals.reduce((sum, nal) => sum + 4 + nal.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const nal of nals) {
    view.setUint32(offset, nal.length);
    out.set(nal, offset + 4);
    offset += 4 + nal.length;
  }
  return out;
}
