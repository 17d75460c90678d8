// Annex B byte streams (start-code delimited) from the encoder's AVCC output: what ffmpeg reads
// with `-f h264`, for tests and tools. MP4 keeps AVCC as it is.
// see: ITU-T H.264 (08/2021) Annex B.1 (byte stream NAL unit syntax).
import type { EncodedFrame, H264ParameterSets } from './encoder';

const START_CODE = Uint8Array.of(0, 0, 0, 1);

/** The NAL units of one AVCC sample (4-byte big-endian lengths). */
export function nalUnitsOf(sample: Uint8Array): Uint8Array[] {
  const units: Uint8Array[] = [];
  const view = new DataView(sample.buffer, sample.byteOffset, sample.byteLength);
  for (let at = 0; at < sample.length; ) {
    if (at + 4 > sample.length) throw new Error(`AVCC sample: truncated length at byte ${at}`);
    const length = view.getUint32(at);
    if (at + 4 + length > sample.length) throw new Error(`AVCC sample: NAL unit of ${length} bytes at byte ${at} overruns the sample`);
    units.push(sample.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return units;
}

/** One Annex B stream of the frames, SPS and PPS repeated before every keyframe. */
export function toAnnexB(parameterSets: H264ParameterSets, frames: readonly EncodedFrame[]): Uint8Array {
  const units: Uint8Array[] = [];
  for (const frame of frames) {
    if (frame.keyframe) units.push(parameterSets.sps, parameterSets.pps);
    units.push(...nalUnitsOf(frame.data));
  }
  const out = new Uint8Array(units.reduce((sum, unit) => sum + START_CODE.length + unit.length, 0));
  let at = 0;
  for (const unit of units) {
    out.set(START_CODE, at);
    out.set(unit, at + START_CODE.length);
    at += START_CODE.length + unit.length;
  }
  return out;
}
