// Lambda entry point of the stitch sweeper (serverless: sweepStitches, on an EventBridge
// schedule). Settings are read and validated once, at cold start (stitch/function-config.ts).
import { stitchFunction } from './entry-setup';
import { createStitchSweeperHandler } from './sweeper';

export const handler = createStitchSweeperHandler(stitchFunction());
