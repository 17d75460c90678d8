// What the handler tells the world: JSON logs through Powertools Logger, one line per frame,
// and CloudWatch metrics in Embedded Metric Format through Powertools Metrics, flushed once per
// invocation. The handler only sees the FrameObserver interface, so tests can record instead.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { LogLevel } from './config';
import { FrameError } from '../core/errors';
import type { ObjectRef } from './s3-event';
import type { ProcessedFrame } from './process-object';
import { completions, frameProgress } from './tracking-progress';
import type { TrackingLog } from '../tracking/context';

export interface FrameObserver {
  invocationStarted(context?: Context): void;
  frameProcessed(frame: ProcessedFrame): void;
  frameSkipped(object: ObjectRef | undefined, reason: string): void;
  frameFailed(object: ObjectRef, error: unknown): void;
  /** Publishes the invocation's metrics; called even when the invocation fails. */
  invocationFinished(): void;
}

export const SERVICE_NAME = 'frame-processor';
export const METRICS_NAMESPACE = 'FrameProcessor';

/** The metric names (CloudWatch dimensions: service). */
export const METRIC = {
  processed: 'FramesProcessed',
  failed: 'FramesFailed',
  skipped: 'FramesSkipped',
  processingTime: 'ProcessingTime',
  inputBytes: 'InputBytes',
  /** Videos whose completion happened in this function (emitted only when some did). */
  videosCompleted: 'VideosCompleted',
  /** Videos the tracking sweeper marked stalled in this run (the stall alarm's metric). */
  videosStalled: 'VideosStalled',
} as const;

type Env = Record<string, string | undefined>;

/** POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE, when set, override the defaults. */
export function createObserver(logLevel: LogLevel, env: Env = process.env, logger = createLogger(logLevel, env)): FrameObserver {
  return new PowertoolsObserver(logger, createMetrics(env));
}

/** The function's one logger (the tracker logs through it too). */
export function createLogger(logLevel: LogLevel, env: Env = process.env): Logger {
  return new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME, logLevel });
}

/** The logger as the tracking core's TrackingLog. */
export function trackingLog(logger: Logger): TrackingLog {
  return {
    info: (message, fields = {}) => logger.info(message, fields),
    warn: (message, fields = {}) => logger.warn(message, fields),
    error: (message, fields = {}) => logger.error(message, fields),
  };
}

/** Every function of the service publishes into one namespace with one dimension (service), so VideosCompleted adds up across them. */
export function createMetrics(env: Env = process.env): Metrics {
  return new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE, serviceName: env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME });
}

class PowertoolsObserver implements FrameObserver {
  private counts = { processed: 0, failed: 0, skipped: 0, videosCompleted: 0 };

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  invocationStarted(context?: Context): void {
    this.counts = { processed: 0, failed: 0, skipped: 0, videosCompleted: 0 };
    if (context) this.logger.addContext(context);
  }

  frameProcessed(frame: ProcessedFrame): void {
    const { result } = frame;
    const totalMs = frame.downloadMs + result.timings.decodeMs + result.timings.kernelMs + result.timings.encodeMs + frame.uploadMs;
    this.counts.processed++;
    if (frame.tracking?.tracked) this.counts.videosCompleted += completions(frame.tracking.video);
    this.metrics.addMetric(METRIC.processingTime, MetricUnit.Milliseconds, round(totalMs));
    this.metrics.addMetric(METRIC.inputBytes, MetricUnit.Bytes, frame.inputBytes);
    this.logger.info('frame processed', {
      bucket: frame.source.bucket,
      key: frame.source.key,
      outputBucket: frame.outputBucket,
      outputKey: frame.outputKey,
      bytes: frame.inputBytes,
      outputBytes: result.bytes.length,
      inputWidth: result.inputWidth,
      inputHeight: result.inputHeight,
      width: result.width,
      height: result.height,
      sigma: result.sigma,
      ms: {
        download: round(frame.downloadMs),
        decode: round(result.timings.decodeMs),
        kernel: round(result.timings.kernelMs),
        encode: round(result.timings.encodeMs),
        upload: round(frame.uploadMs),
        total: round(totalMs),
      },
      ...(frame.tracking ? { video: frameProgress(frame.tracking) } : {}),
    });
  }

  frameSkipped(object: ObjectRef | undefined, reason: string): void {
    this.counts.skipped++;
    this.logger.info('record skipped', { bucket: object?.bucket, key: object?.key, reason });
  }

  frameFailed(object: ObjectRef, error: unknown): void {
    this.counts.failed++;
    const expected = error instanceof FrameError;
    this.logger.error('frame failed', {
      bucket: object.bucket,
      key: object.key,
      errorName: error instanceof Error ? error.name : typeof error,
      reason: expected ? error.reason : String(error),
      // A stack trace only where it helps: an unexpected error, i.e. a bug.
      ...(expected ? {} : { error: error as Error }),
    });
  }

  invocationFinished(): void {
    this.metrics.addMetric(METRIC.processed, MetricUnit.Count, this.counts.processed);
    this.metrics.addMetric(METRIC.failed, MetricUnit.Count, this.counts.failed);
    this.metrics.addMetric(METRIC.skipped, MetricUnit.Count, this.counts.skipped);
    if (this.counts.videosCompleted > 0) this.metrics.addMetric(METRIC.videosCompleted, MetricUnit.Count, this.counts.videosCompleted);
    this.metrics.publishStoredMetrics();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
