// Lambda entry point of the stitch worker (serverless: stitchWorker): segment and join tasks,
// invoked asynchronously by the planner, the last segment and the sweeper. Settings are read and
// validated once, at cold start; the encoder's WebAssembly is compiled on the first segment.
import { stitchFunction } from './entry-setup';
import { createWorkerHandler } from './tasks';

export const handler = createWorkerHandler(stitchFunction());
