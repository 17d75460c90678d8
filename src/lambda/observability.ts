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
} as const;

/** POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE, when set, override the defaults. */
export function createObserver(logLevel: LogLevel, env: Record<string, string | undefined> = process.env): FrameObserver {
  const logger = new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME, logLevel });
  const metrics = new Metrics({ namespace: env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE, serviceName: env.POWERTOOLS_SERVICE_NAME || SERVICE_NAME });
  return new PowertoolsObserver(logger, metrics);
}

class PowertoolsObserver implements FrameObserver {
  private counts = { processed: 0, failed: 0, skipped: 0 };

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  invocationStarted(context?: Context): void {
    this.counts = { processed: 0, failed: 0, skipped: 0 };
    if (context) this.logger.addContext(context);
  }

  frameProcessed(frame: ProcessedFrame): void {
    const { result } = frame;
    const totalMs = frame.downloadMs + result.timings.decodeMs + result.timings.kernelMs + result.timings.encodeMs + frame.uploadMs;
    this.counts.processed++;
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
    this.metrics.publishStoredMetrics();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
