// Every error class of frame-processor, in one place. A FrameError carries the name of the
// object or file it concerns (`source`) and a one-line `reason` a user can act on; `message` is
// "<source>: <reason>". The others concern a whole run: a setting, a command line, an invocation.

/**
 * An error about one named thing (an S3 key, a file, a video, an option): `message` is
 * "<source>: <reason>". The base of each concern's errors (frames here; tracking, video, H.264).
 */
export class SourcedError extends Error {
  override name = 'SourcedError';
  constructor(
    readonly reason: string,
    readonly source: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/** Base class of every error that is about one frame's input or processing. */
export class FrameError extends SourcedError {
  override name = 'FrameError';
  constructor(reason: string, source = 'frame') {
    super(reason, source);
  }

  /** The same error, naming `source` (the S3 key or file path) instead of a placeholder. */
  withSource(source: string): FrameError {
    const Kind = this.constructor as new (reason: string, source: string) => FrameError;
    return new Kind(this.reason, source);
  }
}

/** The bytes are not a JPEG at all (empty, text, PNG, only SOI+EOI...). */
export class NotAJpegError extends FrameError {
  override name = 'NotAJpegError';
}

/** A JPEG that is damaged: truncated, bad segment lengths, bad entropy-coded data. */
export class CorruptJpegError extends FrameError {
  override name = 'CorruptJpegError';
}

/** A valid JPEG that uses a coding frame-processor does not decode (lossless, arithmetic, 12-bit...). */
export class UnsupportedJpegError extends FrameError {
  override name = 'UnsupportedJpegError';
}

/** Smaller than the 3x3 the Sobel operator needs. */
export class ImageTooSmallError extends FrameError {
  override name = 'ImageTooSmallError';
}

/** Over a configured limit (pixels, bytes, scans, decode time): refused before the work. */
export class LimitExceededError extends FrameError {
  override name = 'LimitExceededError';
}

/** Not started: the frame's estimated compute time does not fit in the time its invocation has left; a retry processes it. */
export class DeadlineError extends FrameError {
  override name = 'DeadlineError';
}

/** The WebAssembly kernel trapped; the instance was discarded and will be re-created. */
export class KernelTrapError extends FrameError {
  override name = 'KernelTrapError';
}

/** The JPEG encoder refused its arguments or could not write the image. */
export class JpegEncodeError extends FrameError {
  override name = 'JpegEncodeError';
}

/** Quality is not an integer in 1..100. */
export class JpegQualityError extends JpegEncodeError {
  override name = 'JpegQualityError';
}

/** Width or height is not an integer in 1..65535 (the 16-bit size fields of a JPEG frame header). */
export class JpegDimensionsError extends JpegEncodeError {
  override name = 'JpegDimensionsError';
}

/** The output did not fit the buffer; cannot happen with the kernel's bound, so it means a bug. */
export class JpegOutputOverflowError extends JpegEncodeError {
  override name = 'JpegOutputOverflowError';
}

/** A GetObject or PutObject that failed, or a download that ended short; `s3Code` is S3's error code when it answered one (NoSuchKey, AccessDenied, SlowDown...). */
export class S3TransferError extends FrameError {
  override name = 'S3TransferError';
  constructor(
    reason: string,
    source?: string,
    readonly s3Code?: string,
  ) {
    super(reason, source);
  }
}

/** The output would land in the bucket the event came from and trigger the function again. */
export class RecursionGuardError extends FrameError {
  override name = 'RecursionGuardError';
}

/** The edge map was written but recording the frame for its video failed; the retry counts it once. */
export class FrameTrackingError extends FrameError {
  override name = 'FrameTrackingError';
}

/** How an error names a setting: with the value it has, `NAME="value"` (so its message is `NAME="value": reason`). */
export const settingSource = (variable: string, value: string | undefined): string => `${variable}=${JSON.stringify(value ?? '')}`;

/** A bad setting (environment variable), named with its bad value. */
export class ConfigError extends SourcedError {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly value: string | undefined,
    reason: string,
  ) {
    super(reason, settingSource(variable, value));
  }
}

/** A bad command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An invocation whose event is none the function serves (S3 notification, S3 Batch Operations), or one it cannot answer. */
export class UnrecognisedEventError extends Error {
  override name = 'UnrecognisedEventError';
}

/** Listing an S3 prefix failed part way: the frames not yet listed are unknown. */
export class S3ListingError extends Error {
  override name = 'S3ListingError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: listing failed: ${reason}`);
  }
}

/** A local server that cannot listen on its address (the port taken, or not allowed), and why. */
export class ListenError extends Error {
  override name = 'ListenError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly reason: string,
    /** The command-line option that chooses this port. */
    readonly option = '--port',
  ) {
    super(`cannot listen on ${host}:${port}: ${reason}`);
  }

  /** The error of a server's failed listen() as a ListenError with a reason a person reads. */
  static from(error: NodeJS.ErrnoException, host: string, port: number, option?: string): ListenError {
    return new ListenError(host, port, LISTEN_REASONS[error.code ?? ''] ?? error.message, option);
  }
}

const LISTEN_REASONS: Record<string, string> = {
  EADDRINUSE: 'the port is in use',
  EACCES: 'not allowed to use the port',
  EADDRNOTAVAIL: 'no such address on this machine',
};

/** One frame of an invocation that failed, and why. */
export interface FrameFailure {
  bucket: string;
  key: string;
  reason: string;
}

/** An invocation's error: every failed key with its reason, one per line after the summary. */
export class FramesFailedError extends Error {
  override name = 'FramesFailedError';
  constructor(
    readonly failures: FrameFailure[],
    attempted: number,
  ) {
    super(`${failures.length} of ${attempted} frames failed:\n${failures.map((f) => `  ${JSON.stringify(`${f.bucket}/${f.key}`)}: ${f.reason}`).join('\n')}`);
  }
}

/** A tracking function's invocation: the items (S3 keys, videos...) that failed for a reason worth a retry. */
export class TrackingFailedError extends Error {
  override name = 'TrackingFailedError';
  constructor(
    readonly failures: Array<{ item: string; reason: string }>,
    attempted: number,
  ) {
    super(`${failures.length} of ${attempted} failed:\n${failures.map((f) => `  ${JSON.stringify(f.item)}: ${f.reason}`).join('\n')}`);
  }
}

/** A stitch sweep that could not re-drive some videos (each named with its reason); the next run tries them again. */
export class StitchSweepFailedError extends Error {
  override name = 'StitchSweepFailedError';
  constructor(readonly failures: Array<{ videoId: string; reason: string }>) {
    super(`${failures.length} video(s) could not be re-driven:\n${failures.map((f) => `  ${JSON.stringify(f.videoId)}: ${f.reason}`).join('\n')}`);
  }
}
