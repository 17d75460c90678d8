// The points between two steps of the accounting where a process can die. Each step is one
// request (or one side effect); the core calls `faults.step(name)` right after it, so a test can
// stop the work there and check that a redelivery, the sweeper, or both, finish it correctly.

export const TRACKING_STEPS = [
  /** A frame's index was added to its chunk item. */
  'after-chunk-add',
  /** A failed frame's index was added to its chunk item. */
  'after-failed-add',
  /** TotalFrames was recorded on the video item (conditional write, or the read that found it). */
  'after-total-write',
  /** Expected was set on the last chunk item. */
  'after-expected-write',
  /** The chunks not yet promoted were read (repair pass). */
  'after-repair-read',
  /** A full chunk was added to the video's DoneChunks. */
  'after-promote',
  /** The completer read the chunks that hold failed frames. */
  'after-failed-read',
  /** The single completion write (CompletedAt, Status, Outbox) succeeded. */
  'after-complete',
  /** `<videoId>/video.json` was written. */
  'after-video-json',
  /** The EventBridge event was put. */
  'after-event',
  /** The outbox was cleared. */
  'after-outbox-clear',
] as const;

export type TrackingStep = (typeof TRACKING_STEPS)[number];

export interface Faults {
  /** Called after `step` for `videoId`; throwing here simulates a crash at that point. */
  step(step: TrackingStep, videoId: string): void;
}

export const NO_FAULTS: Faults = { step: () => undefined };
