// Just enough of an H.264 syntax reader to check what the encoder writes: the SPS fields and the
// start of a slice header (ITU-T H.264 (08/2021) clauses 7.3.1, 7.3.2.1.1, 7.3.3, 9.1).

/** RBSP of a NAL unit's payload: the header byte dropped, emulation-prevention 03 bytes removed. */
export function rbspOf(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of nal.subarray(1)) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

export class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}

  /** Bits read so far. */
  get position(): number {
    return this.bit;
  }

  u(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++) {
      if (this.bit >= this.bytes.length * 8) throw new Error('read past the end of the RBSP');
      value = value * 2 + ((this.bytes[this.bit >> 3] >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }

  flag(): boolean {
    return this.u(1) === 1;
  }

  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) zeros++;
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -k / 2;
  }
}

export interface SpsFields {
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
  log2MaxFrameNum: number;
  pocType: number;
  maxNumRefFrames: number;
  widthInMbs: number;
  heightInMbs: number;
  frameMbsOnly: boolean;
  crop: { left: number; right: number; top: number; bottom: number };
  vuiPresent: boolean;
  videoFullRange: boolean;
}

/** The SPS fields of a Baseline SPS NAL unit (profile_idc 66: no chroma_format_idc). */
export function parseSps(nal: Uint8Array): SpsFields {
  const r = new BitReader(rbspOf(nal));
  const profileIdc = r.u(8), constraintFlags = r.u(8), levelIdc = r.u(8);
  r.ue(); // seq_parameter_set_id
  const log2MaxFrameNum = r.ue() + 4;
  const pocType = r.ue();
  if (pocType !== 2) throw new Error(`parseSps only reads pic_order_cnt_type 2, got ${pocType}`);
  const maxNumRefFrames = r.ue();
  r.flag(); // gaps_in_frame_num_value_allowed_flag
  const widthInMbs = r.ue() + 1, heightInMbs = r.ue() + 1;
  const frameMbsOnly = r.flag();
  r.flag(); // direct_8x8_inference_flag
  const crop = r.flag() ? { left: r.ue(), right: r.ue(), top: r.ue(), bottom: r.ue() } : { left: 0, right: 0, top: 0, bottom: 0 };
  const vuiPresent = r.flag();
  let videoFullRange = false;
  if (vuiPresent) {
    if (r.flag() && r.u(8) === 255) r.u(32); // aspect_ratio_idc, Extended_SAR width and height
    if (r.flag()) r.flag(); // overscan
    if (r.flag()) {
      r.u(3);
      videoFullRange = r.flag();
    }
  }
  return { profileIdc, constraintFlags, levelIdc, log2MaxFrameNum, pocType, maxNumRefFrames, widthInMbs, heightInMbs, frameMbsOnly, crop, vuiPresent, videoFullRange };
}

export interface SliceHeaderStart {
  nalRefIdc: number;
  nalUnitType: number;
  firstMbInSlice: number;
  sliceType: number;
  frameNum: number;
  /** Present in IDR pictures only. */
  idrPicId?: number;
}

/** The slice header up to idr_pic_id. */
export function parseSliceHeader(nal: Uint8Array, sps: SpsFields): SliceHeaderStart {
  const nalRefIdc = (nal[0] >> 5) & 3, nalUnitType = nal[0] & 31;
  const r = new BitReader(rbspOf(nal));
  const firstMbInSlice = r.ue(), sliceType = r.ue();
  r.ue(); // pic_parameter_set_id
  const frameNum = r.u(sps.log2MaxFrameNum);
  const header: SliceHeaderStart = { nalRefIdc, nalUnitType, firstMbInSlice, sliceType, frameNum };
  if (nalUnitType === 5) header.idrPicId = r.ue();
  return header;
}
