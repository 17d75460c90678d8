// The avcC box: the AVCDecoderConfigurationRecord built from one SPS and one PPS, for 4-byte
// NAL unit lengths; and the RFC 6381 codecs string ("avc1.PPCCLL") a <video> or MSE can check.
// see: ISO/IEC 14496-15 5.3.2.1 (AVCDecoderConfigurationRecord), RFC 6381 3.3
import { ParameterSetError } from '../errors';
import type { ByteWriter } from './byte-writer';
import { parseSps, type SpsInfo } from './h264-sps';

/** Raw SPS and PPS NAL units (header byte included, no start code, no length prefix). */
export interface ParameterSets {
  sps: Uint8Array;
  pps: Uint8Array;
}

const NAL_TYPE_PPS = 8;
/** The profiles whose record carries chroma format and bit depths after the PPS list (14496-15 5.3.2.1.1). */
const PROFILES_WITH_RECORD_EXTENSION = new Set([100, 110, 122, 144]);

/** Checks the parameter sets and returns what the SPS says; throws ParameterSetError naming `source`. */
export function checkParameterSets(sets: ParameterSets, source = 'parameter sets'): SpsInfo {
  const info = parseSps(sets.sps, source);
  if (sets.pps.length < 2) throw new ParameterSetError(`PPS of ${sets.pps.length} bytes is too short`, source);
  if ((sets.pps[0] & 0x1f) !== NAL_TYPE_PPS) throw new ParameterSetError(`NAL unit type ${sets.pps[0] & 0x1f} is not a PPS (8)`, source);
  if (sets.sps.length > 0xffff || sets.pps.length > 0xffff) throw new ParameterSetError('a parameter set longer than 65535 bytes does not fit avcC', source);
  return info;
}

/** Writes the avcC box. Lengths of samples' NAL units are 4 bytes (lengthSizeMinusOne = 3). */
export function writeAvcC(writer: ByteWriter, sets: ParameterSets, info: SpsInfo): void {
  writer.box('avcC', (box) => {
    box.u8(1); // configurationVersion
    box.u8(info.profileIdc).u8(info.constraintFlags).u8(info.levelIdc);
    box.u8(0xfc | 3); // reserved '111111' + lengthSizeMinusOne
    box.u8(0xe0 | 1); // reserved '111' + numOfSequenceParameterSets
    box.u16(sets.sps.length).bytes(sets.sps);
    box.u8(1); // numOfPictureParameterSets
    box.u16(sets.pps.length).bytes(sets.pps);
    if (PROFILES_WITH_RECORD_EXTENSION.has(info.profileIdc)) {
      box.u8(0xfc | info.chromaFormatIdc);
      box.u8(0xf8 | (info.bitDepthLuma - 8));
      box.u8(0xf8 | (info.bitDepthChroma - 8));
      box.u8(0); // numOfSequenceParameterSetExt
    }
  });
}

/** The RFC 6381 codecs parameter, e.g. "avc1.64001f" for High profile level 3.1. */
export function avcCodecString(info: SpsInfo): string {
  const hex = (value: number) => value.toString(16).padStart(2, '0');
  return `avc1.${hex(info.profileIdc)}${hex(info.constraintFlags)}${hex(info.levelIdc)}`;
}
