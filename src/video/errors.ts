// Typed errors of the edge video (muxing and joining). Each names the object it concerns
// (`source`: an S3 key, a segment, or a placeholder) and a one-line `reason` a user can act on;
// `message` is "<source>: <reason>". Kept apart from the frame errors: a video error is never
// about one frame's pixels.
import { settingSource, SourcedError } from '../core/errors';

/** Base class of every error about making the edge video. */
export class VideoError extends SourcedError {
  override name = 'VideoError';
  constructor(reason: string, source = 'video') {
    super(reason, source);
  }
}

/** An SPS or PPS that is missing, truncated, or describes something MP4/avcC cannot carry. */
export class ParameterSetError extends VideoError {
  override name = 'ParameterSetError';
}

/** A sample index that cannot be muxed (no samples, a zero or oversized sample, no keyframe first...). */
export class SampleIndexError extends VideoError {
  override name = 'SampleIndexError';
}

/** A frame rate that is not a positive rational the MP4 timing can express exactly. */
export class FrameRateError extends VideoError {
  override name = 'FrameRateError';
}

/** A segment index object that is missing, not JSON, of another format or version, or inconsistent. */
export class SegmentIndexError extends VideoError {
  override name = 'SegmentIndexError';
}

/** Segments that do not fit together (parameter sets, size, rate, frame ranges, keyframe first). */
export class SegmentMismatchError extends VideoError {
  override name = 'SegmentMismatchError';
}

/** A segment's data object that does not match its index (missing, other size, other content). */
export class SegmentDataError extends VideoError {
  override name = 'SegmentDataError';
}

/** A join option out of range (part size under S3's minimum, concurrency...). */
export class JoinOptionError extends VideoError {
  override name = 'JoinOptionError';
}

/** An S3 call of the join failed; the multipart upload was aborted, so no output exists. */
export class JoinUploadError extends VideoError {
  override name = 'JoinUploadError';
  constructor(reason: string, source: string, options?: { cause?: unknown }) {
    super(reason, source);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** A stitch setting (STITCH_SEGMENT_FRAMES, STITCH_QP, ...) that is not a valid value; named as ConfigError names a setting. */
export class StitchSettingsError extends VideoError {
  override name = 'StitchSettingsError';
  constructor(
    readonly variable: string,
    readonly value: string | undefined,
    reason: string,
  ) {
    super(reason, settingSource(variable, value));
  }
}

/** A stitch invocation payload or event that does not have the documented shape. */
export class StitchTaskError extends VideoError {
  override name = 'StitchTaskError';
}

/** An edge map that cannot be read as a frame of the video: not a JPEG or PNG we read, or corrupt. */
export class EdgeMapError extends VideoError {
  override name = 'EdgeMapError';
}

/** A video that is not in a state the stitch step can act on, or a plan object that is missing or invalid. */
export class StitchStateError extends VideoError {
  override name = 'StitchStateError';
}

/** An asynchronous invocation of the next stitch step that Lambda did not accept. */
export class StitchInvokeError extends VideoError {
  override name = 'StitchInvokeError';
}
