// Typed errors. Each carries the name of the object or file it concerns (`source`) and a
// one-line `reason` a user can act on; `message` is "<source>: <reason>".

/** Base class of every error that is about one frame's input or processing. */
export class FrameError extends Error {
  override name = 'FrameError';
  constructor(
    readonly reason: string,
    readonly source = 'frame',
  ) {
    super(`${source}: ${reason}`);
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

/** The WebAssembly kernel trapped; the instance was discarded and will be re-created. */
export class KernelTrapError extends FrameError {
  override name = 'KernelTrapError';
}

/** A bad setting (environment variable or CLI option), named with its bad value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly value: string | undefined,
    readonly reason: string,
  ) {
    super(`${variable}=${JSON.stringify(value ?? '')}: ${reason}`);
  }
}
