// Where "Video Frames Processed" events go: EventBridge's default bus on AWS, one JSON line per
// event in a file locally. Both deliver at least once; a consumer must be idempotent (the detail
// is the same bytes on every delivery of a video's event).
import { appendFile } from 'node:fs/promises';
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PublishError } from './errors';

export interface TrackingEvent {
  source: string;
  detailType: string;
  detail: object;
}

export interface EventPublisher {
  publish(event: TrackingEvent): Promise<void>;
}

export class EventBridgePublisher implements EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName = 'default',
  ) {}

  async publish(event: TrackingEvent): Promise<void> {
    const entry = { Source: event.source, DetailType: event.detailType, Detail: JSON.stringify(event.detail), EventBusName: this.busName };
    const out = await this.client.send(new PutEventsCommand({ Entries: [entry] }));
    // PutEvents answers 200 even when an entry was refused: the entry carries the error.
    const failed = out.Entries?.[0];
    if ((out.FailedEntryCount ?? 0) > 0 || failed?.ErrorCode) {
      throw new PublishError(`PutEvents refused the event: ${failed?.ErrorCode ?? 'unknown'} ${failed?.ErrorMessage ?? ''}`.trim(), `event bus ${this.busName}`);
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
