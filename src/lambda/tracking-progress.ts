// A video's progress as the log lines show it, from the answers the accounting already has: the
// frame's chunk (its UpdateItem answered with the whole chunk) and, when the frame wrote the video
// item (its chunk's group registered or promoted, a numbering flag, a recovery), the video (that
// write answered with the whole item). No read is made for a log line.
import type { VideoProgress } from '../tracking/settle';
import type { FrameResult } from '../tracking/tracker';

export type ProgressFields = Record<string, string | number | boolean>;

/** The `video` field of a frame's log line. */
export function frameProgress(result: FrameResult): ProgressFields {
  if (!result.tracked) return { tracked: false, reason: result.reason };
  const chunk = { videoId: result.videoId, index: result.index, chunk: result.chunk, chunkFrames: `${result.chunkFrames}/${result.chunkExpected}` };
  return result.video ? { ...chunk, ...videoProgress(result.video) } : chunk;
}

/** A video's state after a write to its item. */
export function videoProgress(progress: VideoProgress): ProgressFields {
  switch (progress.state) {
    case 'waiting-for-total':
      return { state: progress.state, groups: progress.groups };
    case 'waiting-for-numbering':
      return { state: progress.state, totalFrames: progress.totalFrames };
    case 'in-progress':
      return { state: progress.state, groupsDone: `${progress.groupsDone}/${progress.groups}`, totalFrames: progress.totalFrames };
    case 'completed':
      return { state: progress.record.status, totalFrames: progress.record.totalFrames, failedFrames: progress.record.failedFrameCount };
    case 'already-complete':
      return { state: progress.state, republished: progress.republished };
  }
}

/** 1 if this answer completed its video (the single completion point succeeded here), else 0. */
export function completions(progress: VideoProgress | undefined): number {
  return progress?.state === 'completed' ? 1 : 0;
}
