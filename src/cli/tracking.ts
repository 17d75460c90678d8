// The command line on S3 as a backfill path: with a tracking table (--table NAME, or --stack NAME
// for the stack's), each frame read from S3 is recorded for its video as the deployed function
// records it, processed or failed, so a video backfilled from a laptop completes like one the
// function processed: the stack's sweeper publishes video.json (this command never publishes; it
// has no bus) and the edge video follows. A frame skipped because its edge map is up to date is
// recorded processed: its edge map is there. Its edge maps must be where the function writes them
// (the frame's own key in the output bucket), so --out must name the input's prefix.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readStackOutputs } from '../backfill/stack-outputs';
import { UsageError } from '../core/errors';
import { createTracker } from '../lambda/tracking-setup';
import { readTrackingConfig } from '../lambda/tracking-config';
import { SILENT_LOG } from '../tracking/context';
import type { Tracker } from '../tracking/tracker';
import type { CliOptions } from './args';
import type { JobOutcome } from './job';
import { s3Url } from './s3-location';
import type { TransferJob, TransferPlan } from './transfer-plan';

export interface RunTracking {
  /** Records the frame's outcome for its video; a failure to record turns the outcome into a failure saying so. */
  record(job: TransferJob, outcome: JobOutcome): Promise<JobOutcome>;
  close(): void;
}

export async function runTracking(options: Pick<CliOptions, 'tracking'>, plan: TransferPlan, env: NodeJS.ProcessEnv = process.env): Promise<RunTracking | undefined> {
  if (!options.tracking) return undefined;
  checkPlan(plan);
  const tableName = 'table' in options.tracking ? options.tracking.table : await stackTable(options.tracking.stack);
  let config;
  try {
    config = readTrackingConfig({ TRACKING_TABLE: tableName, FRAME_KEY_PATTERN: env.FRAME_KEY_PATTERN })!;
  } catch (error) {
    throw new UsageError(`--table: ${(error as Error).message}`);
  }
  const client = new DynamoDBClient({ maxAttempts: 3 });
  const tracker = createTracker(config, { log: SILENT_LOG, client });
  return { record: (job, outcome) => record(tracker, job, outcome), close: () => client.destroy() };
}

async function record(tracker: Tracker, job: TransferJob, outcome: JobOutcome): Promise<JobOutcome> {
  if (job.source.kind !== 's3' || (!outcome.ok && outcome.stopped)) return outcome;
  const key = job.source.key;
  try {
    if (outcome.ok) await tracker.frameProcessed(key);
    else await tracker.frameFailed(key, outcome.message.startsWith(`${job.input}: `) ? outcome.message.slice(job.input.length + 2) : outcome.message);
    return outcome;
  } catch (error) {
    const what = outcome.ok ? 'edge map written, but recording it' : `${outcome.message}; and recording the failure`;
    return { ok: false, message: `${job.input}: ${what} for its video failed (${(error as Error).message}): a run again records it` };
  }
}

/** Only frames listed from S3 have a video there, and their edge maps must land at their own keys. */
function checkPlan(plan: TransferPlan): void {
  if (plan.out.kind !== 's3') throw new UsageError('--table records frames for their videos: --out must be s3://, the bucket the function writes edge maps to');
  if (plan.files.length > 0) throw new UsageError('--table records frames for their videos: give s3:// inputs only (files have no video in the bucket)');
  const out = plan.out.location;
  for (const listing of plan.listings) {
    if (listing.location.prefix !== out.prefix) {
      throw new UsageError(
        `--table needs the edge maps at the frames' own keys, as the function writes them: give --out ${s3Url(out.bucket, listing.location.prefix)} for the input ${listing.url}`,
      );
    }
  }
}

async function stackTable(stack: string): Promise<string> {
  const client = new CloudFormationClient({});
  try {
    const table = (await readStackOutputs(stack, client, 'give --table NAME instead')).get('TrackingTableName');
    if (!table) throw new UsageError(`the stack ${stack} has no TrackingTableName output: was it deployed with tracking on? (give --table NAME instead)`);
    return table;
  } finally {
    client.destroy();
  }
}
