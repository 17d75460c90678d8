// A test-side reader of the encoder's pictures down to every macroblock, written from the standard
// and independent of the encoder: each macroblock's kind, the bits of its macroblock_layer() and
// its motion vector (P_Skip's predicted one included), so tests can hold streams to the level
// limits of A.3.1 (at most 3200 bits per macroblock, vector ranges). It reads what a Baseline
// CAVLC stream with one slice per picture, one reference picture and 16x16 inter partitions holds,
// with luma residual only (the encoder codes no chroma residual), and throws on anything else.
// see: ITU-T H.264 (08/2021) clause 7.3.3 (slice header), 7.3.4 (slice data), 7.3.5 (macroblock
// layer), 9.1.2 Table 9-4 (coded_block_pattern), 9.2.1 (nC), 8.4.1.1 and 8.4.1.3 (vector prediction).
import { INTER_CBP, INTRA_CBP } from './h264-cavlc-tables';
import { readResidualBlock } from './h264-cavlc-reader';
import { BitReader, parseSps, rbspOf, type SpsFields } from './h264-syntax';

export type MacroblockKind = 'P_Skip' | 'P_L0_16x16' | 'I_NxN' | 'I_16x16' | 'I_PCM';

export interface Macroblock {
  kind: MacroblockKind;
  /** Bits of macroblock_layer() (0 for P_Skip, which has none). */
  bits: number;
  /** The luma motion vector in quarter samples (0, 0 for intra). */
  mvX: number;
  mvY: number;
}

export interface Picture {
  sliceType: 'I' | 'P';
  macroblocks: Macroblock[];
}

interface Pps {
  numRefIdxActive: number;
  deblockingControl: boolean;
  redundantPicCnt: boolean;
}

/** Every picture of an Annex B stream of the encoder, macroblock by macroblock. */
export function readPictures(nals: readonly Uint8Array[]): Picture[] {
  let sps: SpsFields | undefined, pps: Pps | undefined;
  const pictures: Picture[] = [];
  for (const nal of nals) {
    const type = nal[0] & 31;
    if (type === 7) sps = parseSps(nal);
    else if (type === 8) pps = parsePps(nal);
    else if (type === 1 || type === 5) {
      if (!sps || !pps) throw new Error('a slice before its SPS and PPS');
      pictures.push(new SliceReader(nal, sps, pps).read());
    }
  }
  return pictures;
}

function parsePps(nal: Uint8Array): Pps {
  const r = new BitReader(rbspOf(nal));
  r.ue(); // pic_parameter_set_id
  r.ue(); // seq_parameter_set_id
  if (r.flag()) throw new Error('CABAC: the reader reads CAVLC only');
  r.flag(); // bottom_field_pic_order_in_frame_present_flag
  if (r.ue() !== 0) throw new Error('slice groups: the reader reads one');
  const numRefIdxActive = r.ue() + 1;
  r.ue(); // num_ref_idx_l1_default_active_minus1
  if (r.flag() || r.u(2) !== 0) throw new Error('weighted prediction: the reader reads none');
  r.se(); // pic_init_qp_minus26
  r.se(); // pic_init_qs_minus26
  r.se(); // chroma_qp_index_offset
  const deblockingControl = r.flag();
  r.flag(); // constrained_intra_pred_flag
  return { numRefIdxActive, deblockingControl, redundantPicCnt: r.flag() };
}

/** What later macroblocks need of an earlier one: nC counts and the vector. */
interface Decoded {
  kind: MacroblockKind;
  counts: number[];
  mvX: number;
  mvY: number;
}

class SliceReader {
  private readonly r: BitReader;
  private readonly lastBit: number;
  private readonly width: number;
  private readonly decoded: Decoded[] = [];
  /** macroblock_layer() bits of each macroblock read. */
  private readonly bits: number[] = [];

  constructor(private readonly nal: Uint8Array, private readonly sps: SpsFields, private readonly pps: Pps) {
    const rbsp = rbspOf(nal);
    this.r = new BitReader(rbsp);
    let end = rbsp.length - 1;
    while (end >= 0 && rbsp[end] === 0) end--;
    if (end < 0) throw new Error('an empty slice');
    this.lastBit = end * 8 + 7 - Math.log2(rbsp[end] & -rbsp[end]); // rbsp_stop_one_bit
    this.width = sps.widthInMbs;
  }

  read(): Picture {
    const sliceType = this.header();
    const count = this.sps.widthInMbs * this.sps.heightInMbs;
    while (this.decoded.length < count) {
      if (sliceType === 'P') {
        const run = this.r.ue();
        for (let i = 0; i < run; i++) this.skip();
        if (this.decoded.length > count) throw new Error(`mb_skip_run runs past the picture's ${count} macroblocks`);
        if (this.r.position >= this.lastBit) break;
      }
      this.macroblock(sliceType);
    }
    if (this.decoded.length !== count || this.r.position !== this.lastBit) throw new Error(`the slice holds ${this.decoded.length} of ${count} macroblocks, ending at bit ${this.r.position} of ${this.lastBit}`);
    return { sliceType, macroblocks: this.decoded.map(({ kind, mvX, mvY }, i) => ({ kind, mvX, mvY, bits: this.bits[i] })) };
  }

  private header(): 'I' | 'P' {
    const { r, sps, pps } = this;
    const idr = (this.nal[0] & 31) === 5;
    if (r.ue() !== 0) throw new Error('first_mb_in_slice != 0: the reader reads one slice per picture');
    const sliceType = r.ue() % 5;
    if (sliceType !== 0 && sliceType !== 2) throw new Error(`slice_type ${sliceType}: the reader reads I and P`);
    r.ue(); // pic_parameter_set_id
    r.u(sps.log2MaxFrameNum); // frame_num
    if (idr) r.ue(); // idr_pic_id
    if (pps.redundantPicCnt) r.ue();
    let refs = pps.numRefIdxActive;
    if (sliceType === 0) {
      if (r.flag()) refs = r.ue() + 1;
      if (r.flag()) while (r.ue() !== 3) r.ue(); // ref_pic_list_modification
    }
    if (refs !== 1) throw new Error(`${refs} reference indices: the reader reads one`);
    if ((this.nal[0] >> 5) & 3) {
      if (idr) r.u(2);
      else if (r.flag()) throw new Error('adaptive_ref_pic_marking_mode_flag: the reader reads the sliding window only');
    }
    r.se(); // slice_qp_delta
    if (pps.deblockingControl && r.ue() !== 1) {
      r.se();
      r.se();
    }
    return sliceType === 0 ? 'P' : 'I';
  }

  private skip(): void {
    const [mvX, mvY] = this.predictVector(true);
    this.decoded.push({ kind: 'P_Skip', counts: new Array(16).fill(0), mvX, mvY });
    this.bits.push(0);
  }

  private macroblock(sliceType: 'I' | 'P'): void {
    const { r } = this;
    const start = r.position;
    let mbType = r.ue();
    if (sliceType === 'P') {
      if (mbType >= 1 && mbType <= 4) throw new Error(`P mb_type ${mbType}: the reader reads 16x16 partitions only`);
      mbType = mbType === 0 ? -1 : mbType - 5;
    }
    if (mbType > 25) throw new Error(`mb_type ${mbType} is out of range`);
    if (mbType === 25) return this.pcm(start);
    const kind: MacroblockKind = mbType === -1 ? 'P_L0_16x16' : mbType === 0 ? 'I_NxN' : 'I_16x16';
    let mvX = 0, mvY = 0, cbp: number;
    if (kind === 'I_NxN') {
      for (let i = 0; i < 16; i++) if (!r.flag()) r.u(3); // prev_intra4x4_pred_mode_flag, rem_intra4x4_pred_mode
    }
    if (kind !== 'P_L0_16x16') r.ue(); // intra_chroma_pred_mode
    if (kind === 'P_L0_16x16') {
      const [px, py] = this.predictVector(false);
      mvX = px + r.se();
      mvY = py + r.se();
    }
    if (kind === 'I_16x16') cbp = (mbType - 1 >= 12 ? 15 : 0) | (Math.floor((mbType - 1) / 4) % 3) << 4;
    else cbp = (kind === 'I_NxN' ? INTRA_CBP : INTER_CBP)[r.ue()];
    if (cbp >> 4 !== 0) throw new Error(`coded_block_pattern ${cbp}: the reader reads no chroma residual`);
    const counts = new Array(16).fill(0);
    this.decoded.push({ kind, counts, mvX, mvY });
    if (cbp !== 0 || kind === 'I_16x16') {
      r.se(); // mb_qp_delta
      this.residual(kind, cbp, counts);
    }
    this.bits.push(r.position - start);
  }

  private pcm(start: number): void {
    const { r } = this;
    while (r.position % 8 !== 0) if (r.u(1) !== 0) throw new Error('pcm_alignment_zero_bit is 1');
    for (let i = 0; i < 384; i++) r.u(8);
    this.decoded.push({ kind: 'I_PCM', counts: new Array(16).fill(16), mvX: 0, mvY: 0 });
    this.bits.push(r.position - start);
  }

  /** residual_luma() of this macroblock, TotalCoeff per 4x4 block (raster order) into counts. */
  private residual(kind: MacroblockKind, cbp: number, counts: number[]): void {
    if (kind === 'I_16x16') readResidualBlock(this.r, this.nC(0, 0, counts), 16);
    for (let blk = 0; blk < 16; blk++) {
      if ((cbp & (1 << (blk >> 2))) === 0) continue;
      const x = ((blk >> 2) & 1) * 2 + (blk & 1), y = (blk >> 3) * 2 + ((blk >> 1) & 1);
      counts[y * 4 + x] = readResidualBlock(this.r, this.nC(x, y, counts), kind === 'I_16x16' ? 15 : 16);
    }
  }

  /** nC of the 4x4 block at (x, y) of the macroblock being read (clause 9.2.1). */
  private nC(x: number, y: number, counts: number[]): number {
    const index = this.decoded.length - 1, mbX = index % this.width;
    const a = x > 0 ? counts[y * 4 + x - 1] : mbX > 0 ? this.decoded[index - 1].counts[y * 4 + 3] : undefined;
    const b = y > 0 ? counts[(y - 1) * 4 + x] : index >= this.width ? this.decoded[index - this.width].counts[12 + x] : undefined;
    if (a !== undefined && b !== undefined) return (a + b + 1) >> 1;
    return a ?? b ?? 0;
  }

  /** The predicted vector of the next macroblock (clause 8.4.1.3), or its P_Skip vector (8.4.1.1). */
  private predictVector(skip: boolean): [number, number] {
    const index = this.decoded.length, mbX = index % this.width, mbY = Math.floor(index / this.width);
    const neighbour = (available: boolean, at: number) => {
      if (!available) return undefined;
      const mb = this.decoded[at];
      return mb.kind === 'P_Skip' || mb.kind === 'P_L0_16x16' ? { ref: 0, x: mb.mvX, y: mb.mvY } : { ref: -1, x: 0, y: 0 };
    };
    const a = neighbour(mbX > 0, index - 1), b = neighbour(mbY > 0, index - this.width);
    let c = neighbour(mbY > 0 && mbX + 1 < this.width, index - this.width + 1) ?? neighbour(mbY > 0 && mbX > 0, index - this.width - 1);
    if (skip && (!a || !b || (a.ref === 0 && a.x === 0 && a.y === 0) || (b.ref === 0 && b.x === 0 && b.y === 0))) return [0, 0];
    const none = { ref: -1, x: 0, y: 0 };
    let [pa, pb] = [a ?? none, b ?? none];
    if (!b && !c && a) [pb, c] = [a, a];
    const pc = c ?? none;
    const same = [pa, pb, pc].filter((n) => n.ref === 0);
    if (same.length === 1) return [same[0].x, same[0].y];
    const median = (u: number, v: number, w: number) => u + v + w - Math.min(u, v, w) - Math.max(u, v, w);
    return [median(pa.x, pb.x, pc.x), median(pa.y, pb.y, pc.y)];
  }
}
