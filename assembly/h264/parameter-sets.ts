import { finishNal, putBits, putFlag, putSe, putUe, startNal } from "./bitwriter";
import { codedHeight, codedWidth, evenHeight, evenWidth, levelIdc, mbHeight, mbWidth, qp } from "./workspace";

// Sequence and picture parameter sets: Constrained Baseline, 4:2:0, progressive, one reference
// frame, picture order from frame_num (type 2: output order = decoding order, no B frames).
// see: ITU-T H.264 (08/2021) clause 7.3.2.1.1 (SPS), 7.3.2.2 (PPS), E.1.1 (VUI), A.2.1.1
// (Constrained Baseline: profile_idc 66 with constraint_set1_flag), 7.4.2.1.1 (frame cropping:
// CropUnitX = CropUnitY = 2 for 4:2:0 frames).

/** frame_num has this many bits; it wraps, which clause 7.4.3 allows. */
export const LOG2_MAX_FRAME_NUM = 8;
const PROFILE_BASELINE = 66;
/** constraint_set0_flag and constraint_set1_flag: decodable by Baseline and Main decoders. */
const CONSTRAINED_BASELINE_FLAGS = 0xc0;

/** Writes the SPS NAL unit (header byte first, no start code) at dst; returns its end. */
export function writeSps(dst: usize): usize {
  startNal(dst, 0x67); // nal_ref_idc 3, nal_unit_type 7
  putBits(PROFILE_BASELINE, 8);
  putBits(CONSTRAINED_BASELINE_FLAGS, 8);
  putBits(<u32>levelIdc, 8);
  putUe(0); // seq_parameter_set_id
  putUe(LOG2_MAX_FRAME_NUM - 4);
  putUe(2); // pic_order_cnt_type
  putUe(1); // max_num_ref_frames
  putFlag(false); // gaps_in_frame_num_value_allowed_flag
  putUe(<u32>(mbWidth - 1));
  putUe(<u32>(mbHeight - 1));
  putFlag(true); // frame_mbs_only_flag
  putFlag(true); // direct_8x8_inference_flag
  const right = (codedWidth - evenWidth) >> 1, bottom = (codedHeight - evenHeight) >> 1;
  putFlag(right != 0 || bottom != 0);
  if (right != 0 || bottom != 0) {
    putUe(0);
    putUe(<u32>right);
    putUe(0);
    putUe(<u32>bottom);
  }
  putFlag(true); // vui_parameters_present_flag
  writeVui();
  return finishNal();
}

/** Square pixels, full-range BT.709 signal (the edge maps use all of 0..255), no reordering. */
function writeVui(): void {
  putFlag(true); // aspect_ratio_info_present_flag
  putBits(1, 8); // aspect_ratio_idc: 1:1
  putFlag(false); // overscan_info_present_flag
  putFlag(true); // video_signal_type_present_flag
  putBits(5, 3); // video_format: unspecified
  putFlag(true); // video_full_range_flag
  putFlag(true); // colour_description_present_flag
  putBits(1, 8); // colour_primaries: BT.709
  putBits(1, 8); // transfer_characteristics: BT.709
  putBits(1, 8); // matrix_coefficients: BT.709
  putFlag(false); // chroma_loc_info_present_flag
  putFlag(false); // timing_info_present_flag (the container carries timing)
  putFlag(false); // nal_hrd_parameters_present_flag
  putFlag(false); // vcl_hrd_parameters_present_flag
  putFlag(false); // pic_struct_present_flag
  putFlag(true); // bitstream_restriction_flag
  putFlag(true); // motion_vectors_over_pic_boundaries_flag
  putUe(0); // max_bytes_per_pic_denom
  putUe(0); // max_bits_per_mb_denom
  putUe(15); // log2_max_mv_length_horizontal
  putUe(15); // log2_max_mv_length_vertical
  putUe(0); // max_num_reorder_frames: output each frame as soon as it is decoded
  putUe(1); // max_dec_frame_buffering
}

/** Writes the PPS NAL unit at dst; returns its end. The slices' QP is pic_init_qp. */
export function writePps(dst: usize): usize {
  startNal(dst, 0x68); // nal_ref_idc 3, nal_unit_type 8
  putUe(0); // pic_parameter_set_id
  putUe(0); // seq_parameter_set_id
  putFlag(false); // entropy_coding_mode_flag: CAVLC
  putFlag(false); // bottom_field_pic_order_in_frame_present_flag
  putUe(0); // num_slice_groups_minus1
  putUe(0); // num_ref_idx_l0_default_active_minus1
  putUe(0); // num_ref_idx_l1_default_active_minus1
  putFlag(false); // weighted_pred_flag
  putBits(0, 2); // weighted_bipred_idc
  putSe(qp - 26); // pic_init_qp_minus26
  putSe(0); // pic_init_qs_minus26
  putSe(0); // chroma_qp_index_offset
  putFlag(true); // deblocking_filter_control_present_flag
  putFlag(false); // constrained_intra_pred_flag
  putFlag(false); // redundant_pic_cnt_present_flag
  return finishNal();
}
