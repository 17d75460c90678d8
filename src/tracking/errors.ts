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

/** A total that differs from the one already recorded for the video (or a malformed recorded one). */
export class TotalConflictError extends TrackingError {
  override name = 'TotalConflictError';
}

/** The completion record or event could not be published (it stays in the outbox for a retry). */
export class PublishError extends TrackingError {
  override name = 'PublishError';
}
