// Where the tracking's events go ("Video Frames Processed", "Video Frames Updated", "Video
// Stalled"): EventBridge's default bus on AWS, one JSON line per event in a file locally. Both
// deliver at least once; a consumer must be idempotent (the detail is the same bytes on every
// delivery of a video's event).
import { appendFile } from 'node:fs/promises';
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PublishError, TransientTrackingError } from './errors';

export interface TrackingEvent {
  source: string;
  detailType: string;
  detail: object;
}

export interface EventPublisher {
  publish(event: TrackingEvent): Promise<void>;
}

/**
 * PutEvents' entry errors that pass: throttling (the account's PutEvents rate) and EventBridge's
 * own internal failure. see: Amazon EventBridge API Reference, PutEventsResultEntry.ErrorCode.
 */
const PASSING_ENTRY_ERRORS = new Set(['ThrottlingException', 'InternalFailure', 'InternalException']);

export interface RetryPolicy {
  /** Attempts in all (the first included). */
  attempts: number;
  /** The first wait; doubled each time, with full jitter. */
  baseDelayMs: number;
  sleep(ms: number): Promise<void>;
}

/** 6 attempts over about 3 s at most: within any tracking function's timeout. */
export const PUT_EVENTS_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 100, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName = 'default',
    private readonly retry: RetryPolicy = PUT_EVENTS_RETRY,
  ) {}

  /**
   * PutEvents answers 200 even when an entry was refused: the entry carries the error. A passing
   * one (throttled) is put again with backoff; after the last attempt it is a
   * TransientTrackingError, so the caller's invocation fails and the video, still in the outbox,
   * is published again by a redelivery or the sweeper. Any other refusal is a PublishError.
   */
  async publish(event: TrackingEvent): Promise<void> {
    const entry = { Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail), EventBusName: this.busName };
    const source = `event bus ${this.busName}`;
    for (let attempt = 1; ; attempt++) {
      const out = await this.client.send(new PutEventsCommand({ Entries: [entry] }));
      const failed = out.Entries?.[0];
      if ((out.FailedEntryCount ?? 0) === 0 && !failed?.ErrorCode) return;
      const reason = `PutEvents refused the event: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim();
      if (!PASSING_ENTRY_ERRORS.has(failed?.ErrorCode ?? '')) throw new PublishError(reason, source);
      if (attempt >= this.retry.attempts) throw new TransientTrackingError(`${reason}, ${attempt} times with backoff: the outbox keeps the video for the next attempt`, source);
      await this.retry.sleep(Math.random() * this.retry.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** Appends each event as one JSON line (the local stack's `<data-dir>/events.jsonl`). */
export class JsonlEventPublisher implements EventPublisher {
  constructor(
    private readonly path: string,
    private readonly echo?: (line: string) => void,
  ) {}

  async publish(event: TrackingEvent): Promise<void> {
    const line = JSON.stringify({ source: event.source, 'detail-type': event.detailType, detail: event.detail });
    // One write per line, opened for append: lines from concurrent publishers do not interleave.
    await appendFile(this.path, `${line}\n`, { flag: 'a' });
    this.echo?.(line);
  }
}
