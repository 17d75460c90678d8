// A FrameObserver that keeps what the handler reports, for tests to assert on, instead of logging.
import type { FrameObserver } from '../../src/lambda/observability';
import type { ProcessedFrame } from '../../src/lambda/process-object';
import type { ObjectRef } from '../../src/lambda/s3-event';

export class RecordingObserver implements FrameObserver {
  processed: ProcessedFrame[] = [];
  skipped: Array<{ key?: string; reason: string }> = [];
  failed: Array<{ key: string; error: unknown }> = [];
  finished = 0;
  invocationStarted(): void {}
  frameProcessed(frame: ProcessedFrame): void {
    this.processed.push(frame);
  }
  frameSkipped(object: ObjectRef | undefined, reason: string): void {
    this.skipped.push({ key: object?.key, reason });
  }
  frameFailed(object: ObjectRef, error: unknown): void {
    this.failed.push({ key: object.key, error });
  }
  invocationFinished(): void {
    this.finished++;
  }

  /** The keys of the frames reported processed, in order. */
  get processedKeys(): string[] {
    return this.processed.map((frame) => frame.source.key);
  }

  /** The keys of the frames reported failed, in order. */
  get failedKeys(): string[] {
    return this.failed.map((failure) => failure.key);
  }
}
