// What every accounting step needs, passed explicitly: the table, the chunk size, the clock, the
// crash hook, where completions are published, and a logger.
import type { EventPublisher } from './events';
import type { Faults } from './faults';
import type { Table } from './items';
import type { ObjectLister } from './capture-listing';
import type { FrameKeyRule } from './frame-key';
import type { Layout } from './ranges';
import type { ObjectWriter } from './s3-objects';

/** The subset of a structured logger (Powertools Logger fits) that tracking uses. */
export interface TrackingLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const SILENT_LOG: TrackingLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface TrackingContext {
  table: Table;
  /** Frames per chunk and chunks per group: the same for every writer and for the table's whole life. */
  layout: Layout;
  faults: Faults;
  /** Milliseconds since the epoch. */
  now(): number;
  /** The output bucket, for `<videoId>/video.json`. */
  objects: ObjectWriter;
  events: EventPublisher;
  log: TrackingLog;
  /**
   * False for a tracker that may not publish (no access to the output bucket or the bus): a video
   * it completes stays in the outbox (`publish`) and the sweeper publishes it.
   */
  publishesInline: boolean;
  /**
   * The outbox state a published video moves to instead of leaving the outbox: a follow-on step
   * (the edge video) whose own sweeper re-drives it until that step takes the video over. None:
   * the outbox is cleared.
   */
  outboxAfterPublish?: string;
  /** How the edge maps are made (BLUR_METHOD): written with the completion, so video.json records it. */
  blurMethod?: string;
  /** Which file names are frames. */
  frameKeys: FrameKeyRule;
  /** Lists the input bucket, for MediaConvert listings paused by earlier invocations. */
  lister?: ObjectLister;
}
