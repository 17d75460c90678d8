// The fields of an H.264 sequence parameter set that the MP4 container needs: profile,
// constraint flags and level (for avcC and the codecs string), chroma format and bit depths (the
// avcC extension of the High profiles), and the cropped picture size (the display size).
// see: ITU-T H.264 7.3.2.1.1 (seq_parameter_set_data) and 7.4.2.1.1 (frame cropping)
import { ParameterSetError } from '../errors';
import { RbspEndError, RbspReader, unescapeRbsp } from './rbsp-reader';

export interface SpsInfo {
  profileIdc: number;
  /** The byte after profile_idc: constraint_set0..5 flags and two reserved bits. */
  constraintFlags: number;
  levelIdc: number;
  /** 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4. */
  chromaFormatIdc: number;
  bitDepthLuma: number;
  bitDepthChroma: number;
  /** Picture size after the SPS's frame cropping, in pixels. */
  width: number;
  height: number;
  /** The coded frame in macroblocks (PicWidthInMbs, FrameHeightInMbs), before cropping. */
  widthInMbs: number;
  heightInMbs: number;
}

const NAL_TYPE_SPS = 7;
/** Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices (7.3.2.1.1). */
const PROFILES_WITH_CHROMA_INFO = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Parses an SPS NAL unit (header byte included, no start code). */
export function parseSps(nal: Uint8Array, source = 'SPS'): SpsInfo {
  if (nal.length < 4) throw new ParameterSetError(`SPS of ${nal.length} bytes is too short`, source);
  if ((nal[0] & 0x1f) !== NAL_TYPE_SPS) throw new ParameterSetError(`NAL unit type ${nal[0] & 0x1f} is not an SPS (7)`, source);
  try {
    return readSps(new RbspReader(unescapeRbsp(nal.subarray(1))));
  } catch (error) {
    if (error instanceof RbspEndError) throw new ParameterSetError(`SPS is truncated: ${error.message}`, source);
    if (error instanceof ParameterSetError) throw new ParameterSetError(error.reason, source);
    throw error;
  }
}

function readSps(reader: RbspReader): SpsInfo {
  const profileIdc = reader.bits(8);
  const constraintFlags = reader.bits(8);
  const levelIdc = reader.bits(8);
  reader.ue(); // seq_parameter_set_id
  const chroma = { chromaFormatIdc: 1, separateColourPlane: false, bitDepthLuma: 8, bitDepthChroma: 8 };
  if (PROFILES_WITH_CHROMA_INFO.has(profileIdc)) readChromaInfo(reader, chroma);
  reader.ue(); // log2_max_frame_num_minus4
  skipPictureOrderCount(reader);
  reader.ue(); // max_num_ref_frames
  reader.bit(); // gaps_in_frame_num_value_allowed_flag
  const widthInMbs = reader.ue() + 1;
  const heightInMapUnits = reader.ue() + 1;
  const frameMbsOnly = reader.bit();
  if (!frameMbsOnly) reader.bit(); // mb_adaptive_frame_field_flag
  reader.bit(); // direct_8x8_inference_flag
  const crop = reader.bit() ? { left: reader.ue(), right: reader.ue(), top: reader.ue(), bottom: reader.ue() } : { left: 0, right: 0, top: 0, bottom: 0 };
  // 7.4.2.1.1: crop offsets count in chroma sample units (frame rows twice over for field coding).
  const chromaArrayType = chroma.separateColourPlane ? 0 : chroma.chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;
  const cropUnitX = subWidthC;
  const cropUnitY = subHeightC * (2 - frameMbsOnly);
  const width = widthInMbs * 16 - cropUnitX * (crop.left + crop.right);
  const height = (2 - frameMbsOnly) * heightInMapUnits * 16 - cropUnitY * (crop.top + crop.bottom);
  if (width <= 0 || height <= 0) throw new ParameterSetError(`SPS crops the picture to nothing (${width}x${height})`);
  const heightInMbs = (2 - frameMbsOnly) * heightInMapUnits;
  return { profileIdc, constraintFlags, levelIdc, chromaFormatIdc: chroma.chromaFormatIdc, bitDepthLuma: chroma.bitDepthLuma, bitDepthChroma: chroma.bitDepthChroma, width, height, widthInMbs, heightInMbs };
}

function readChromaInfo(reader: RbspReader, chroma: { chromaFormatIdc: number; separateColourPlane: boolean; bitDepthLuma: number; bitDepthChroma: number }): void {
  chroma.chromaFormatIdc = reader.ue();
  if (chroma.chromaFormatIdc > 3) throw new ParameterSetError(`chroma_format_idc ${chroma.chromaFormatIdc} is out of range`);
  if (chroma.chromaFormatIdc === 3) chroma.separateColourPlane = reader.bit() === 1;
  chroma.bitDepthLuma = reader.ue() + 8;
  chroma.bitDepthChroma = reader.ue() + 8;
  if (chroma.bitDepthLuma > 14 || chroma.bitDepthChroma > 14) throw new ParameterSetError(`bit depth ${chroma.bitDepthLuma}/${chroma.bitDepthChroma} is out of range`);
  reader.bit(); // qpprime_y_zero_transform_bypass_flag
  if (reader.bit()) {
    const lists = chroma.chromaFormatIdc !== 3 ? 8 : 12;
    for (let i = 0; i < lists; i++) if (reader.bit()) skipScalingList(reader, i < 6 ? 16 : 64);
  }
}

/** 7.3.2.1.1.1: delta-coded scaling list; only its length in bits matters here. */
function skipScalingList(reader: RbspReader, size: number): void {
  let lastScale = 8;
  let nextScale = 8;
  for (let j = 0; j < size; j++) {
    if (nextScale !== 0) nextScale = (lastScale + reader.se() + 256) % 256;
    lastScale = nextScale === 0 ? lastScale : nextScale;
  }
}

function skipPictureOrderCount(reader: RbspReader): void {
  const type = reader.ue();
  if (type === 0) {
    reader.ue(); // log2_max_pic_order_cnt_lsb_minus4
  } else if (type === 1) {
    reader.bit(); // delta_pic_order_always_zero_flag
    reader.se(); // offset_for_non_ref_pic
    reader.se(); // offset_for_top_to_bottom_field
    const cycle = reader.ue();
    if (cycle > 255) throw new ParameterSetError(`num_ref_frames_in_pic_order_cnt_cycle ${cycle} is out of range`);
    for (let i = 0; i < cycle; i++) reader.se();
  } else if (type !== 2) {
    throw new ParameterSetError(`pic_order_cnt_type ${type} is out of range`);
  }
}
