// The points between two steps of the accounting where a process can die. Each step is one
// request (or one side effect); the core calls `faults.step(name)` right after it, so a test can
// stop the work there and check that a redelivery, the sweeper, or both, finish it correctly.

export const TRACKING_STEPS = [
  /** A failed frame's key and reason were written to its own item. */
  'after-failure-item',
  /** A frame's offset was added to its chunk item. */
  'after-chunk-add',
  /** A failed frame's offset was added to its chunk item. */
  'after-failed-add',
  /** A new chunk was added to its group's registered chunks. */
  'after-chunk-register',
  /** A new group was added to the video's groups (the video enters the outbox). */
  'after-group-register',
  /** Frame 0 (or a frame numbered as the total) was flagged on the video item. */
  'after-numbering-flag',
  /** A frame that had failed was processed: the video item counted the recovery. */
  'after-recovery-signal',
  /** A whole chunk was added to its group's done chunks. */
  'after-promote',
  /** A whole group was added to the video's done groups. */
  'after-group-promote',
  /** An edge chunk or group was recorded covered on the video item. */
  'after-cover',
  /** A total was recorded on the video item, with its source. */
  'after-total-write',
  /** The total's top index was marked on its chunk (1-based numbering's last frame). */
  'after-top-mark',
  /** The base of the numbering was recorded. */
  'after-base-write',
  /** Bounds were written on an edge chunk or group. */
  'after-bounds-write',
  /** Chunks and groups not yet done were read (repair pass). */
  'after-repair-read',
  /** The numbering whose bounds are written was recorded on the video item. */
  'after-bounds-recorded',
  /** The completer read the chunks that hold failed frames and frames out of range. */
  'after-failed-read',
  /** The single completion write (fp_CompletedAt, the record, the outbox) succeeded. */
  'after-complete',
  /** A correction's new version of the record was written. */
  'after-correct',
  /** `<videoId>/video.json` was written. */
  'after-video-json',
  /** The EventBridge event was put. */
  'after-event',
  /** The outbox was cleared (or handed on). */
  'after-outbox-clear',
] as const;

export type TrackingStep = (typeof TRACKING_STEPS)[number];

export interface Faults {
  /** Called after `step` for `videoId`; throwing here simulates a crash at that point. */
  step(step: TrackingStep, videoId: string): void;
}

export const NO_FAULTS: Faults = { step: () => undefined };
