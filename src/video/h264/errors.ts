// Typed errors of the H.264 encoder. Each names what it is about (`source`: an option, the input
// plane, the encoder) and a one-line `reason`; `message` is "<source>: <reason>".
import { SourcedError } from '../../core/errors';

/** Base class of every H.264 encoder error. */
export class H264Error extends SourcedError {
  override name = 'H264Error';
  constructor(reason: string, subject = 'H.264 encoder') {
    super(reason, subject);
  }
}

/** A frame size the encoder cannot code (not a positive integer, or beyond level 6.2). */
export class H264SizeError extends H264Error {
  override name = 'H264SizeError';
}

/** A bad option value (qp, keyframeInterval, frameRate), named with the value. */
export class H264OptionError extends H264Error {
  override name = 'H264OptionError';
}

/** A bad argument to encode(): a plane of the wrong length, a bad frame index. */
export class H264InputError extends H264Error {
  override name = 'H264InputError';
}

/** encode() after close(). */
export class H264ClosedError extends H264Error {
  override name = 'H264ClosedError';
}

/** The WebAssembly module trapped or refused; the instance is discarded and re-created for the next encoder. */
export class H264TrapError extends H264Error {
  override name = 'H264TrapError';
}
