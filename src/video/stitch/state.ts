// The edge video's state: attributes on the tracking table's video item (next to the frame
// accounting's) and the outbox states the stitch adds to the shared `Outbox` attribute, whose
// sparse index the stitch sweeper reads. docs/edge-video.md draws the state machine.
//
// Every write is a single-item UpdateItem (dynalite has no transactions). The one-way points:
//   fp_StitchPlannedAt    the plan, recorded once per record version (conditional)
//   fp_StitchJoinReadyAt  every segment done: the join is due (conditional, once per plan)
//   fp_StitchOutcome      created | refused | none: the terminal point (conditional, once per
//                         plan); "created" is the stitched point, written after edges.mp4 exists.

/** Stitch attributes on the video item (prefixed like all of tracking's: the item may be another writer's). */
export const SA = {
  /** The record version the plan was made for (a correction's new version is stitched again). */
  version: 'fp_StitchVersion',
  plannedAt: 'fp_StitchPlannedAt',
  planId: 'fp_StitchPlanId',
  segments: 'fp_StitchSegments',
  segmentFrames: 'fp_StitchSegmentFrames',
  qp: 'fp_StitchQp',
  width: 'fp_StitchWidth',
  height: 'fp_StitchHeight',
  fillCount: 'fp_StitchFillCount',
  fills: 'fp_StitchFills',
  fillsTruncated: 'fp_StitchFillsTruncated',
  done: 'fp_StitchDoneSegments',
  joinReadyAt: 'fp_StitchJoinReadyAt',
  outcome: 'fp_StitchOutcome',
  reason: 'fp_StitchReason',
  outcomeAt: 'fp_StitchOutcomeAt',
  bytes: 'fp_StitchBytes',
  displayWidth: 'fp_StitchDisplayWidth',
  displayHeight: 'fp_StitchDisplayHeight',
  codec: 'fp_StitchCodec',
  publishedAt: 'fp_StitchPublishedAt',
  redrives: 'fp_StitchRedrives',
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
