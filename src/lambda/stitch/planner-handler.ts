// Lambda entry point of the stitch planner (serverless: stitchPlan), the target of the EventBridge
// rule on "Video Frames Processed" (source frame-processor) and of the sweeper's plan re-drives.
// Settings are read and validated once, at cold start (stitch/function-config.ts).
import { stitchFunction } from './entry-setup';
import { createPlannerHandler } from './tasks';

export const handler = createPlannerHandler(stitchFunction());
