// The tracking core's one entry point, for the handlers to come: the frame function (processed
// frames, manifests), the failed-frame recorder, the MediaConvert function, the sweeper and the
// status command. Built once per process from validated settings.
//
// Errors: TrackingError subclasses (a bad manifest or event, a conflicting total, a capture whose
// frames cannot complete) are permanent: logged here, thrown, and not worth a retry. Anything else
// (a network or server error, or an injected crash) is transient: the caller lets the invocation
// fail so that it is redelivered, and every step is safe to repeat.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DEFAULT_CHUNK_SIZE, DEFAULT_GROUP_SIZE, MAX_CHUNK_SIZE, MAX_GROUP_SIZE } from './chunks';
import { SILENT_LOG, type TrackingContext, type TrackingLog } from './context';
import { PublishError, TrackingError } from './errors';
import type { EventPublisher } from './events';
import { NO_FAULTS, type Faults } from './faults';
import { UNLIMITED, type ListingBudget, type ObjectLister } from './capture-listing';
import { listingStart, recordCapture, type CaptureOutcome } from './capture-totals';
import { MEDIACONVERT_FRAME_NAME, parseFrameKey, type FrameKeyRule } from './frame-key';
import { recordFrame, type FrameOutcome } from './frames';
import { parseManifest, type VideoTotal } from './manifest';
import { parseMediaConvertEvent } from './mediaconvert';
import type { ObjectWriter } from './s3-objects';
import { settle, type VideoProgress } from './settle';
import { readVideoStatus, type VideoStatusRead } from './status';
import { sweep, type SweepOptions, type SweepResult } from './sweeper';
import { writeTotal } from './totals';

export interface TrackerOptions {
  client: DynamoDBClient;
  tableName: string;
  /**
   * Output bucket writer for `<videoId>/video.json`, and where the event goes. Both absent: this
   * tracker never publishes; a video it completes is published by the sweeper (its outbox entry
   * waits for the publish grace period).
   */
  objects?: ObjectWriter;
  events?: EventPublisher;
  chunkSize?: number;
  /** Chunks per group (tests use small groups to exercise several). */
  groupSize?: number;
  faults?: Faults;
  now?: () => number;
  log?: TrackingLog;
  /** Where a published video's outbox goes next (see TrackingContext); default: cleared. */
  outboxAfterPublish?: string;
  /** How the edge maps are made (see TrackingContext). */
  blurMethod?: string;
  /** Which file names are frames (FRAME_KEY_PATTERN); default MediaConvert's <name>.<index>.jpg. */
  frameKeys?: FrameKeyRule;
  /** Lists the input bucket: MediaConvert listings a sweep goes on with (the sweeper has one). */
  lister?: ObjectLister;
}

/** Stands in for the writer and the publisher of a tracker that never publishes; never called. */
const LEFT_TO_SWEEPER = {
  put(): never {
    throw new PublishError('this tracker does not publish (the sweeper does)', 'tracking settings');
  },
  publish(): never {
    throw new PublishError('this tracker does not publish (the sweeper does)', 'tracking settings');
  },
};

export type FrameResult = { tracked: false; key: string; reason: string } | ({ tracked: true } & FrameOutcome);

export class Tracker {
  readonly ctx: TrackingContext;

  constructor(options: TrackerOptions) {
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const groupSize = options.groupSize ?? DEFAULT_GROUP_SIZE;
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
      throw new TrackingError(`chunk size ${chunkSize} is not a whole number in 1..${MAX_CHUNK_SIZE}`, 'tracking settings');
    }
    if (!Number.isInteger(groupSize) || groupSize < 1 || groupSize > MAX_GROUP_SIZE) {
      throw new TrackingError(`group size ${groupSize} is not a whole number in 1..${MAX_GROUP_SIZE}`, 'tracking settings');
    }
    if ((options.objects === undefined) !== (options.events === undefined)) {
      throw new TrackingError('give both the object writer and the event publisher, or neither (publication left to the sweeper)', 'tracking settings');
    }
    this.ctx = {
      table: { client: options.client, name: options.tableName },
      layout: { chunkSize, groupSize },
      faults: options.faults ?? NO_FAULTS,
      now: options.now ?? Date.now,
      objects: options.objects ?? LEFT_TO_SWEEPER,
      events: options.events ?? LEFT_TO_SWEEPER,
      log: options.log ?? SILENT_LOG,
      publishesInline: options.objects !== undefined,
      outboxAfterPublish: options.outboxAfterPublish,
      blurMethod: options.blurMethod,
      frameKeys: options.frameKeys ?? MEDIACONVERT_FRAME_NAME,
      lister: options.lister,
    };
  }

  /** A frame whose edge map was written. Untracked keys are logged and change nothing. */
  async frameProcessed(key: string): Promise<FrameResult> {
    const frame = parseFrameKey(key, this.ctx.frameKeys);
    if (!frame.tracked) return this.untracked(key, frame.reason);
    return { tracked: true, ...(await recordFrame(this.ctx, frame)) };
  }

  /** A frame that failed for good (its retries are spent): counts towards completion as failed. */
  async frameFailed(key: string, reason: string): Promise<FrameResult> {
    const frame = parseFrameKey(key, this.ctx.frameKeys);
    if (!frame.tracked) return this.untracked(key, frame.reason);
    return { tracked: true, ...(await recordFrame(this.ctx, frame, reason)) };
  }

  /** A `<videoId>/capture.json` object's bytes. */
  async manifest(bytes: Uint8Array, key: string): Promise<VideoProgress> {
    return this.permanent(async () => this.settleTotal(parseManifest(bytes, key)));
  }

  /**
   * An EventBridge MediaConvert job state change; only COMPLETE records anything. Each capture
   * output is listed and recorded on its own; `budget` says when to pause a long listing (it is
   * stored and goes on in a later invocation).
   */
  async mediaConvertEvent(event: unknown, lister: ObjectLister, budget: ListingBudget = UNLIMITED): Promise<CaptureOutcome[]> {
    return this.permanent(async () => {
      const outcome = parseMediaConvertEvent(event);
      if (outcome.status === 'ignored') return [];
      const results: CaptureOutcome[] = [];
      for (const output of outcome.outputs) {
        const start = await listingStart(this.ctx, output, outcome.jobId, outcome.frameRate);
        results.push(await recordCapture(this.ctx, start, lister, budget));
      }
      return results;
    });
  }

  /** Records a video's total, reconciles its chunks, and completes it if everything is in. */
  async recordTotal(total: VideoTotal): Promise<VideoProgress> {
    return this.permanent(() => this.settleTotal(total));
  }

  async sweep(options: SweepOptions): Promise<SweepResult> {
    if (!this.ctx.publishesInline) throw new TrackingError('the sweeper publishes: it needs an object writer and an event publisher', 'tracking settings');
    return sweep(this.ctx, options);
  }

  async status(videoId: string): Promise<VideoStatusRead['status']> {
    return (await readVideoStatus(this.ctx.table, this.ctx.layout, videoId)).status;
  }

  private async settleTotal(total: VideoTotal): Promise<VideoProgress> {
    return settle(this.ctx, total.videoId, await writeTotal(this.ctx, total));
  }

  private untracked(key: string, reason: string): FrameResult {
    this.ctx.log.info('frame not tracked', { key, reason });
    return { tracked: false, key, reason };
  }

  /** Logs a permanent refusal once, then throws it. */
  private async permanent<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof TrackingError) this.ctx.log.error('refused', { error: error.name, source: error.source, reason: error.reason });
      throw error;
    }
  }
}
