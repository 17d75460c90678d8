// Typed errors of per-video tracking. Each names the object it concerns (`source`: an S3 key, a
// video id, an event) and a one-line `reason`; `message` is "<source>: <reason>".
import { SourcedError } from '../core/errors';

/** Base class: something about a video's accounting was refused and changed nothing. */
export class TrackingError extends SourcedError {
  override name = 'TrackingError';
}

/** A `<videoId>/capture.json` manifest that is not valid (bad JSON, bad totalFrames or frameRate). */
export class ManifestError extends TrackingError {
  override name = 'ManifestError';
}

/** An EventBridge MediaConvert event that does not have the documented shape. */
export class MediaConvertEventError extends TrackingError {
  override name = 'MediaConvertEventError';
}

/** The frames listed under a video's prefix cannot be a whole capture (gaps in 0..N-1, none at all). */
export class FrameCountError extends TrackingError {
  override name = 'FrameCountError';
}

/** A total that arrives after the video completed and differs from the total its record keeps. */
export class TotalConflictError extends TrackingError {
  override name = 'TotalConflictError';
}

/** A tracker asked to do what it was built without (publish without a bucket and a bus). */
export class PublishError extends TrackingError {
  override name = 'PublishError';
}

/**
 * A request that kept failing for a passing reason (throttled, keys left unprocessed) after its
 * retries with backoff. Not a TrackingError: the invocation fails and is delivered again, and the
 * video's outbox entry brings the sweeper back if no delivery succeeds.
 */
export class TransientTrackingError extends SourcedError {
  override name = 'TransientTrackingError';
}
