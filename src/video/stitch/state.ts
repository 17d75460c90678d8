// The edge video's state: attributes on the tracking table's video item (next to the frame
// accounting's) and the outbox states the stitch adds to the shared `Outbox` attribute, whose
// sparse index the stitch sweeper reads. docs/edge-video.md draws the state machine.
//
// Every write is a single-item UpdateItem (dynalite has no transactions). The one-way points:
//   StitchPlannedAt      the plan, recorded once (conditional)
//   StitchJoinReadyAt    every segment done: the join is due (conditional, once)
//   StitchOutcome        created | refused | none: the terminal point (conditional, once);
//                        "created" is the stitched point, written after edges.mp4 exists.

/** Stitch attributes on the video item. */
export const SA = {
  plannedAt: 'StitchPlannedAt',
  planId: 'StitchPlanId',
  segments: 'StitchSegments',
  segmentFrames: 'StitchSegmentFrames',
  qp: 'StitchQp',
  width: 'StitchWidth',
  height: 'StitchHeight',
  fillCount: 'StitchFillCount',
  fills: 'StitchFills',
  fillsTruncated: 'StitchFillsTruncated',
  done: 'StitchDoneSegments',
  joinReadyAt: 'StitchJoinReadyAt',
  outcome: 'StitchOutcome',
  reason: 'StitchReason',
  outcomeAt: 'StitchOutcomeAt',
  bytes: 'StitchBytes',
  displayWidth: 'StitchDisplayWidth',
  displayHeight: 'StitchDisplayHeight',
  codec: 'StitchCodec',
  publishedAt: 'StitchPublishedAt',
  redrives: 'StitchRedrives',
} as const;

/** Outbox values of the stitch, in the order a video passes through them. */
export const STITCH_OUTBOX = {
  /** Published by the frame accounting; no plan yet (set by the tracking's outboxAfterPublish). */
  plan: 'stitch-plan',
  /** Planned; the planner may not have invoked every segment yet. */
  invoke: 'stitch-invoke',
  /** Every segment invoked; waiting for them to finish. */
  segments: 'stitch-segments',
  /** Every segment done (the join-ready point passed); the join may not have run. */
  join: 'stitch-join',
  /** The outcome is recorded; video.json, the event and the clean-up may not have happened. */
  publish: 'stitch-publish',
  /** Published; after the grace, video.json is written and `.stitch/` emptied once more, then the outbox is cleared. */
  recheck: 'stitch-recheck',
} as const;

export type StitchOutboxState = (typeof STITCH_OUTBOX)[keyof typeof STITCH_OUTBOX];

export type StitchOutcome = 'created' | 'refused' | 'none';
