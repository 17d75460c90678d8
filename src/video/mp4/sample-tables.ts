// The sample table boxes of one video track: timing (stts), sync samples (stss), sizes (stsz),
// chunking (stsc) and chunk offsets (stco, or co64 once an offset passes 4 GiB).
// see: ISO/IEC 14496-12 8.6.1.2 stts, 8.6.2 stss, 8.7.3.2 stsz, 8.7.4 stsc, 8.7.5 stco/co64
//
// Chunks: all samples lie back to back in one mdat, so the chunking is free to choose; a chunk is
// SAMPLES_PER_CHUNK consecutive samples (the last one shorter), which keeps stsc at one or two
// entries and stco at 1/32 of the sample count while a player still finds any sample with one
// offset and a few sizes.
import type { ByteWriter } from './byte-writer';
import type { SampleIndex } from './sample-index';

export const SAMPLES_PER_CHUNK = 32;
const MAX_U32 = 0xffffffff;

/** stts: every sample lasts `sampleDelta` ticks (a constant frame rate), one run. */
export function writeStts(writer: ByteWriter, sampleCount: number, sampleDelta: number): void {
  writer.fullBox('stts', 0, 0, (box) => box.u32(1).u32(sampleCount).u32(sampleDelta));
}

/** stss: the 1-based numbers of the sync (key) samples; browsers seek to these. */
export function writeStss(writer: ByteWriter, keyframes: Uint32Array): void {
  writer.fullBox('stss', 0, 0, (box) => {
    box.u32(keyframes.length);
    for (const number of keyframes) box.u32(number + 1);
  });
}

/** stsz: one shared size when all samples are equal, else one size per sample. */
export function writeStsz(writer: ByteWriter, sizes: Uint32Array): void {
  const shared = sizes.every((size) => size === sizes[0]) ? sizes[0] : 0;
  writer.fullBox('stsz', 0, 0, (box) => {
    box.u32(shared).u32(sizes.length);
    if (shared === 0) for (const size of sizes) box.u32(size);
  });
}

/** stsc: runs of chunks with the same number of samples (all full chunks, then the last one). */
export function writeStsc(writer: ByteWriter, sampleCount: number): void {
  const fullChunks = Math.floor(sampleCount / SAMPLES_PER_CHUNK);
  const remainder = sampleCount % SAMPLES_PER_CHUNK;
  const runs: Array<[firstChunk: number, samplesPerChunk: number]> = [];
  if (fullChunks > 0) runs.push([1, SAMPLES_PER_CHUNK]);
  if (remainder > 0) runs.push([fullChunks + 1, remainder]);
  writer.fullBox('stsc', 0, 0, (box) => {
    box.u32(runs.length);
    for (const [firstChunk, samplesPerChunk] of runs) box.u32(firstChunk).u32(samplesPerChunk).u32(1);
  });
}

/** File offsets of each chunk's first sample, given where the sample data starts. */
export function chunkOffsets(sizes: Uint32Array, dataOffset: number): Float64Array {
  const offsets = new Float64Array(Math.ceil(sizes.length / SAMPLES_PER_CHUNK));
  let offset = dataOffset;
  for (let i = 0; i < sizes.length; i++) {
    if (i % SAMPLES_PER_CHUNK === 0) offsets[i / SAMPLES_PER_CHUNK] = offset;
    offset += sizes[i];
  }
  return offsets;
}

/** True when some chunk starts past 4 GiB, so 32-bit stco cannot hold it and co64 is needed. */
export function needsCo64(offsets: Float64Array): boolean {
  return offsets.length > 0 && offsets[offsets.length - 1] > MAX_U32;
}

/** stco (32-bit) or co64 (64-bit) chunk offsets. */
export function writeChunkOffsets(writer: ByteWriter, offsets: Float64Array, wide: boolean): void {
  writer.fullBox(wide ? 'co64' : 'stco', 0, 0, (box) => {
    box.u32(offsets.length);
    for (const offset of offsets) wide ? box.u64(offset) : box.u32(offset);
  });
}

/** All sample table boxes in stbl order, after the sample description. */
export function writeSampleTables(writer: ByteWriter, index: SampleIndex, sampleDelta: number, offsets: Float64Array, wide: boolean): void {
  writeStts(writer, index.sizes.length, sampleDelta);
  writeStss(writer, index.keyframes);
  writeStsz(writer, index.sizes);
  writeStsc(writer, index.sizes.length);
  writeChunkOffsets(writer, offsets, wide);
}
