// The local stack's trackers: built like src/lambda/tracking-setup.ts builds the functions' ones,
// plus `outboxAfterPublish: stitch-plan`. The frame accounting must hand a published video on to
// the edge video wherever the stitch runs (docs/edge-video.md, Wiring): the video stays in the
// outbox until the planner takes it over, so the stitch sweeper re-drives a planner event that
// was lost (here: the stack stopped between the event and the plan).
import { ConfigError } from '../core/errors';
import type { TrackingConfig } from '../lambda/tracking-config';
import { createDynamoClient, type TrackerSetup } from '../lambda/tracking-setup';
import { JsonlEventPublisher } from '../tracking/events';
import { S3ObjectWriter } from '../tracking/s3-objects';
import { Tracker } from '../tracking/tracker';
import { STITCH_OUTBOX } from '../video/stitch/state';

/** A tracker whose published videos go on to `stitch-plan`; events go to the config's JSON-lines file. */
export function handingOnTracker(config: TrackingConfig, setup: TrackerSetup): Tracker {
  const eventsFile = config.eventsFile;
  if (eventsFile === undefined) throw new ConfigError('TRACKING_EVENTS_FILE', undefined, 'required by the local stack, whose events go to a file');
  const publishing = setup.publishTo && { objects: new S3ObjectWriter(setup.publishTo.s3, setup.publishTo.outputBucket), events: new JsonlEventPublisher(eventsFile) };
  return new Tracker({ client: setup.client ?? createDynamoClient(), tableName: config.tableName, log: setup.log, outboxAfterPublish: STITCH_OUTBOX.plan, ...publishing });
}
