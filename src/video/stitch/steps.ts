// The points between two steps of the stitch where a process can die. Each step is one request
// or one side effect; the code calls `faults.step(name)` right after it, so a test can stop the
// work there and check that Lambda's retries, the sweeper, or both, finish the video correctly.
// (Points inside putSegment and joinSegments are reached through a faulty S3 client in tests.)

export const STITCH_STEPS = [
  /** Planner: the plan slices `<videoId>/.stitch/plan-<id>/segment-NNNNN.json` were written. */
  'after-plan-object',
  /** Planner: the plan (or the "none" outcome) was recorded on the video item. */
  'after-plan-write',
  /** Planner: one segment invocation was sent. */
  'after-segment-invoke',
  /** Planner: the outbox moved from stitch-invoke to stitch-segments. */
  'after-invoked-write',
  /** Segment: its data and index objects were written (putSegment). */
  'after-segment-put',
  /** Segment: its number was added to StitchDoneSegments. */
  'after-segment-done',
  /** Segment: the join-ready point (conditional) was passed by this worker. */
  'after-join-ready',
  /** Segment (or sweeper): the join invocation was sent. */
  'after-join-invoke',
  /** Segment: the refusal (a size change, an unreadable edge map) was recorded. */
  'after-refuse',
  /** Join: edges.mp4 was completed (multipart upload). */
  'after-join-upload',
  /** Join: the stitched point (StitchOutcome = created) was written by this join. */
  'after-stitched',
  /** Publish: video.json with the edgeVideo section was written. */
  'after-stitch-json',
  /** Publish: the edge video event was put. */
  'after-stitch-event',
  /** Publish: the `.stitch/` objects were deleted. */
  'after-cleanup',
  /** Publish: the outbox moved from stitch-publish to stitch-recheck. */
  'after-publish-outbox',
  /** Sweeper: video.json was written once more (recheck). */
  'after-recheck-json',
  /** Sweeper: the `.stitch/` objects were deleted once more (recheck). */
  'after-recheck-cleanup',
  /** Sweeper: the outbox was cleared. */
  'after-outbox-clear',
] as const;

export type StitchStep = (typeof STITCH_STEPS)[number];

export interface StitchFaults {
  /** Called after `step` for `videoId`; throwing here simulates a crash at that point. */
  step(step: StitchStep, videoId: string): void;
}

export const NO_STITCH_FAULTS: StitchFaults = { step: () => undefined };
