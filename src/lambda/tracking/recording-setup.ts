// What the failed-frame recorder's entry point builds once, at cold start: validated settings, the
// logger and a tracker that never publishes. It imports neither the S3 nor the EventBridge client
// (tracking-client.ts), so its bundle carries neither and its cold start loads neither.
import type { Tracker } from '../../tracking/tracker';
import type { Env } from '../config';
import { createLogger, createMetrics, trackingLog } from '../observability';
import { trackerOf } from '../tracking-client';
import { readFunctionConfig } from './function-config';
import { createReport, type TrackingReport } from './report';

export interface FunctionSetup {
  tracker: Tracker;
  report: TrackingReport;
}

/** A function that never publishes: no bucket, no bus (the sweeper publishes what it completes). */
export function recordingFunction(env: Env = process.env): FunctionSetup {
  const config = readFunctionConfig(env);
  const log = trackingLog(createLogger(config.logLevel));
  return { tracker: trackerOf(config.tracking, { log }), report: createReport(log, createMetrics()) };
}
