import { bitsOutput, finishNal, markMacroblock, putBits, putFlag, putSe, putUe, startNal } from "./bitwriter";
import { deriveCavlcTables } from "./cavlc-tables";
import { ERR_OUTPUT_TOO_SMALL } from "./errors";
import { deblockPicture } from "./deblock";
import { intra16Sad, reconstructIntraMacroblock, writeIntraMacroblock } from "./mb-intra-choice";
import { encodePMacroblock, pendingSkipRun, startSkipRun } from "./mb-inter";
import { capMacroblock } from "./mb-pcm";
import { estimateGlobalMotion } from "./global-motion";
import { modeLambda256, motionLambda } from "./lambda";
import { resetPrediction } from "./motion-compensation";
import { extendBorders, loadSource } from "./pad";
import { LOG2_MAX_FRAME_NUM } from "./parameter-sets";
import { prepareQuant } from "./quant";
import { currentRecon, mbHeight, mbWidth, qp, swapFrames } from "./workspace";

// One picture = one slice = one NAL unit, written in AVCC form (4-byte big-endian length first).
// see: ITU-T H.264 (08/2021) clause 7.3.3 (slice_header), 7.3.4 (slice_data), 7.3.3.3
// (dec_ref_pic_marking), 8.7 (deblocking: on, with no offsets).

/** Output bytes one macroblock can take at most, emulation prevention included, with room to spare. */
const MACROBLOCK_ROOM: usize = 4096;
/** Bytes before the first macroblock: length prefix, NAL header, slice header. */
const HEADER_ROOM: usize = 64;

/** Encodes the width x height plane at src as an IDR or P picture into dst; returns bytes written or ERR_OUTPUT_TOO_SMALL. */
export function encodePicture(src: usize, dst: usize, capacity: i32, idr: bool, frameNum: i32, idrPicId: i32): i32 {
  const end = dst + <usize>capacity;
  if (<usize>capacity < HEADER_ROOM + MACROBLOCK_ROOM) return ERR_OUTPUT_TOO_SMALL;
  deriveCavlcTables();
  prepareQuant(qp);
  const lambda = motionLambda(qp), modeLambda = modeLambda256(qp);
  loadSource(src);
  estimateGlobalMotion(!idr);
  resetPrediction();
  startNal(dst + 4, idr ? 0x65 : 0x41); // IDR: nal_ref_idc 3, type 5; P: nal_ref_idc 2, type 1
  writeSliceHeader(idr, frameNum, idrPicId);
  startSkipRun();
  for (let mbY = 0; mbY < mbHeight; mbY++) {
    for (let mbX = 0; mbX < mbWidth; mbX++) {
      if (end - bitsOutput() < MACROBLOCK_ROOM) return ERR_OUTPUT_TOO_SMALL;
      if (idr) {
        markMacroblock();
        intra16Sad(mbX, mbY);
        reconstructIntraMacroblock(mbX, mbY, lambda);
        writeIntraMacroblock(mbX, mbY, 0);
        capMacroblock(mbX, mbY, 0);
      } else {
        encodePMacroblock(mbX, mbY, lambda, modeLambda);
      }
    }
  }
  if (!idr && pendingSkipRun() > 0) putUe(<u32>pendingSkipRun());
  const nalEnd = finishNal();
  store<u32>(dst, bswap<u32>(<u32>(nalEnd - dst - 4)));
  deblockPicture();
  extendBorders(currentRecon);
  swapFrames();
  return <i32>(nalEnd - dst);
}

function writeSliceHeader(idr: bool, frameNum: i32, idrPicId: i32): void {
  putUe(0); // first_mb_in_slice
  putUe(idr ? 7 : 5); // slice_type: I or P, every slice of the picture alike
  putUe(0); // pic_parameter_set_id
  putBits(<u32>frameNum & ((1 << LOG2_MAX_FRAME_NUM) - 1), LOG2_MAX_FRAME_NUM);
  if (idr) putUe(<u32>idrPicId);
  if (!idr) {
    putFlag(false); // num_ref_idx_active_override_flag
    putFlag(false); // ref_pic_list_modification_flag_l0
  }
  if (idr) {
    putFlag(false); // no_output_of_prior_pics_flag
    putFlag(false); // long_term_reference_flag
  } else {
    putFlag(false); // adaptive_ref_pic_marking_mode_flag: sliding window
  }
  putSe(0); // slice_qp_delta: QP is the PPS's
  putUe(0); // disable_deblocking_filter_idc: filter every edge
  putSe(0); // slice_alpha_c0_offset_div2
  putSe(0); // slice_beta_offset_div2
}
