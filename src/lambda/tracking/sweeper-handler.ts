// Lambda entry point of the sweeper (serverless: sweepVideos, on an EventBridge schedule).
// TRACKING_TABLE, OUTPUT_BUCKET (it publishes), SWEEP_PUBLISH_GRACE_SECONDS,
// SWEEP_RECONCILE_GRACE_SECONDS, LOG_LEVEL.
import { publishingFunction } from './entry-setup';
import { readSweepGrace } from './function-config';
import { createSweeperHandler } from './sweeper';

export const handler = createSweeperHandler({ ...publishingFunction(), grace: readSweepGrace(process.env) });
