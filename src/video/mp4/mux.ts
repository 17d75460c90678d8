// A whole MP4 in memory from samples in memory: for short videos and tests. Long videos are
// joined from S3 segments (../join.ts), which streams the same layout instead.
import { layoutMovie, type MovieLayout, type VideoTrack } from './movie-header';
import { indexSamples, type EncodedSample } from './sample-index';

export interface MuxedMp4 {
  bytes: Uint8Array;
  layout: MovieLayout;
}

/** ftyp + moov + mdat of `samples` (decode order = presentation order, first one a keyframe). */
export function muxMp4(track: VideoTrack, samples: readonly EncodedSample[]): MuxedMp4 {
  const layout = layoutMovie(track, indexSamples(samples));
  const bytes = new Uint8Array(layout.totalBytes);
  bytes.set(layout.header, 0);
  let offset = layout.dataOffset;
  for (const sample of samples) {
    bytes.set(sample.data, offset);
    offset += sample.data.length;
  }
  return { bytes, layout };
}
