// The front of a "fast start" MP4: ftyp, moov (the whole sample index), and the mdat box header.
// The sample data follows it byte for byte, in sample order, so a writer can stream the data
// from anywhere (memory, S3 segments) after this header without holding it. The SPS in avcC
// signals the level the whole stream needs (avc-level.ts).
import { checkParameterSets, avcCodecString, type ParameterSets } from './avc-config';
import { fitLevel } from './avc-level';
import { writeFtyp, writeMdhd, writeMvhd, writeStsd, writeTkhd, writeVideoHdlr, writeVideoMediaHeaderAndData, type MovieTiming } from './boxes';
import { ByteWriter } from './byte-writer';
import { checkSampleIndex, type SampleIndex } from './sample-index';
import { chunkOffsets, needsCo64, writeSampleTables } from './sample-tables';
import { trackTiming, type FrameRate } from './timing';

export interface VideoTrack {
  parameterSets: ParameterSets;
  frameRate: FrameRate;
}

export interface MovieLayout {
  /** ftyp + moov + mdat header: the file's first `dataOffset` bytes. */
  header: Uint8Array;
  /** Where the first sample starts (= header.length). */
  dataOffset: number;
  /** Sum of the sample sizes. */
  dataBytes: number;
  /** The whole file: dataOffset + dataBytes. */
  totalBytes: number;
  width: number;
  height: number;
  /** RFC 6381 codecs string, e.g. avc1.64001f. */
  codec: string;
  /** level_idc of the SPS in avcC: raised from the track's when the stream needs a higher level. */
  levelIdc: number;
  timescale: number;
  sampleDelta: number;
  /** Duration in timescale ticks (samples x sampleDelta). */
  duration: number;
  /** Whether chunk offsets needed 64 bits (co64). */
  co64: boolean;
}

const MAX_U32 = 0xffffffff;

/** Lays out the MP4 for `index`; throws ParameterSetError (also for a stream beyond every level), SampleIndexError or FrameRateError on bad input. */
export function layoutMovie(track: VideoTrack, index: SampleIndex, source = 'video'): MovieLayout {
  const signalled = checkParameterSets(track.parameterSets, source);
  const dataBytes = checkSampleIndex(index, source);
  const { timescale, sampleDelta } = trackTiming(track.frameRate);
  const { sets, info } = fitLevel(track.parameterSets, signalled, index, track.frameRate.numerator / track.frameRate.denominator, source);
  const timing: MovieTiming = { timescale, duration: index.sizes.length * sampleDelta };
  const mdatHeaderBytes = 8 + dataBytes > MAX_U32 ? 16 : 8;
  const build = (offsets: Float64Array, wide: boolean) => {
    const writer = new ByteWriter(64 * 1024 + index.sizes.length * 4);
    writeFtyp(writer);
    writer.box('moov', (moov) => {
      writeMvhd(moov, timing);
      moov.box('trak', (trak) => {
        writeTkhd(trak, timing, info.width, info.height);
        trak.box('mdia', (mdia) => {
          writeMdhd(mdia, timing);
          writeVideoHdlr(mdia);
          mdia.box('minf', (minf) => {
            writeVideoMediaHeaderAndData(minf);
            minf.box('stbl', (stbl) => {
              writeStsd(stbl, sets, info);
              writeSampleTables(stbl, index, sampleDelta, offsets, wide);
            });
          });
        });
      });
    });
    writeMdatHeader(writer, dataBytes, mdatHeaderBytes);
    return writer.toBytes();
  };
  // The moov's size depends only on whether offsets are 32 or 64 bits, not on their values:
  // measure it with placeholder zeros, then write it with the real offsets.
  const placeholders = new Float64Array(chunkOffsets(index.sizes, 0).length);
  let co64 = false;
  let dataOffset = build(placeholders, co64).length;
  if (needsCo64(chunkOffsets(index.sizes, dataOffset))) {
    co64 = true;
    dataOffset = build(placeholders, co64).length;
  }
  const header = build(chunkOffsets(index.sizes, dataOffset), co64);
  return {
    header,
    dataOffset,
    dataBytes,
    totalBytes: dataOffset + dataBytes,
    width: info.width,
    height: info.height,
    codec: avcCodecString(info),
    levelIdc: info.levelIdc,
    timescale,
    sampleDelta,
    duration: timing.duration,
    co64,
  };
}

/** mdat header: a 32-bit size, or size 1 and a 64-bit largesize when the box passes 4 GiB (14496-12 4.2). */
function writeMdatHeader(writer: ByteWriter, dataBytes: number, headerBytes: number): void {
  if (headerBytes === 8) writer.u32(8 + dataBytes).fourcc('mdat');
  else writer.u32(1).fourcc('mdat').u64(16 + dataBytes);
}
