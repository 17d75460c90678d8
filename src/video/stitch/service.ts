// The stitch's one entry point, for the handlers to come: the planner (on "Video Frames
// Processed"), the worker function (segment and join tasks) and the scheduled sweeper. Built
// once per process from validated settings.
//
// Errors: a StitchTaskError (a malformed payload or event) is permanent: logged and thrown, not
// worth a retry. A video whose frames cannot make a video is not an error: its refusal is
// recorded and published, and the invocation succeeds. Anything else (S3, DynamoDB, an injected
// crash) is transient: the invocation fails so that Lambda retries it, and every step is safe
// to repeat.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SILENT_LOG, type TrackingLog } from '../../tracking/context';
import type { EventPublisher } from '../../tracking/events';
import { MEDIACONVERT_FRAME_NAME, type FrameKeyRule } from '../../tracking/frame-key';
import type { StitchContext } from './context';
import type { Invoker } from './invoker';
import { runJoin, type JoinStepResult } from './join-step';
import { planStitch, type PlanResult } from './planner';
import type { StitchS3 } from './s3';
import { runSegment, type SegmentResult } from './segment-worker';
import { checkStitchSettings, STITCH_DEFAULTS, type StitchSettings } from './settings';
import { NO_STITCH_FAULTS, type StitchFaults } from './steps';
import { DEFAULT_STITCH_SWEEP, sweepStitches, type StitchSweepOptions, type StitchSweepResult } from './sweeper';
import { describeTask, type StitchTask } from './tasks';

export interface StitchServiceOptions {
  dynamo: DynamoDBClient;
  /** The tracking table (the video items). */
  tableName: string;
  s3: StitchS3;
  /** The output bucket. */
  bucket: string;
  invoker: Invoker;
  events: EventPublisher;
  settings?: StitchSettings;
  faults?: StitchFaults;
  now?: () => number;
  log?: TrackingLog;
  /** The frame rule (FRAME_KEY_PATTERN); default MediaConvert's <name>.<index>.jpg. */
  frameKeys?: FrameKeyRule;
}

export type TaskResult = PlanResult | SegmentResult | JoinStepResult;

export class StitchService {
  readonly ctx: StitchContext;

  constructor(options: StitchServiceOptions) {
    this.ctx = {
      table: { client: options.dynamo, name: options.tableName },
      s3: options.s3,
      bucket: options.bucket,
      invoker: options.invoker,
      events: options.events,
      settings: checkStitchSettings(options.settings ?? STITCH_DEFAULTS),
      faults: options.faults ?? NO_STITCH_FAULTS,
      now: options.now ?? Date.now,
      log: options.log ?? SILENT_LOG,
      frameKeys: options.frameKeys ?? MEDIACONVERT_FRAME_NAME,
    };
  }

  /** Plans a completed video's edge video (idempotent: a planned video only finishes pending work). */
  plan(videoId: string): Promise<PlanResult> {
    return planStitch(this.ctx, videoId);
  }

  /** Runs one task (an invocation's payload, checked with parseStitchTask). */
  async run(task: StitchTask): Promise<TaskResult> {
    const result = task.kind === 'plan' ? await planStitch(this.ctx, task.videoId) : task.kind === 'segment' ? await runSegment(this.ctx, task) : await runJoin(this.ctx, task);
    this.ctx.log.info('stitch task done', { task: describeTask(task), result: typeof result === 'string' ? result : result.state });
    return result;
  }

  sweep(options: StitchSweepOptions = DEFAULT_STITCH_SWEEP): Promise<StitchSweepResult> {
    return sweepStitches(this.ctx, options);
  }
}
