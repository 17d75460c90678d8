// What a tracking function tells the world: its log lines (the tracker's own included), the
// VideosCompleted metric, counted where a completion's conditional write was won (frames, totals,
// failures, the sweeper), and the sweeper's VideosStalled; published once per invocation. Tests
// and the local stack give only a log.
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { TrackingLog } from '../../tracking/context';
import type { VideoProgress } from '../../tracking/settle';
import { METRIC } from '../observability';
import { completions, videoProgress } from '../tracking-progress';

export interface TrackingReport {
  log: TrackingLog;
  /** A video's state after this function's work on it; a completion is counted. */
  progress(message: string, videoId: string, progress: VideoProgress): void;
  /** Completions the caller knows of without a VideoProgress (the sweeper's). */
  completed(count: number): void;
  /** Videos marked stalled (the sweeper's). */
  stalled(count: number): void;
  /** Publishes the invocation's metrics. */
  flush(): void;
}

/** `metrics` absent: nothing is published (tests, the local stack). */
export function createReport(log: TrackingLog, metrics?: Metrics): TrackingReport {
  let completed = 0;
  let stalled: number | undefined;
  return {
    log,
    progress(message, videoId, progress) {
      completed += completions(progress);
      log.info(message, { videoId, ...videoProgress(progress) });
    },
    completed(count) {
      completed += count;
    },
    stalled(count) {
      stalled = (stalled ?? 0) + count;
    },
    flush() {
      if (metrics && completed > 0) metrics.addMetric(METRIC.videosCompleted, MetricUnit.Count, completed);
      // Every sweep emits it (0 too): the stall alarm then has data, not a gap, between stalls.
      if (metrics && stalled !== undefined) metrics.addMetric(METRIC.videosStalled, MetricUnit.Count, stalled);
      metrics?.publishStoredMetrics();
      completed = 0;
      stalled = undefined;
    },
  };
}
