// `frame-processor status <videoId>`: a video's progress read from the tracking table: processed,
// failed, the total and its source (and every total seen), the numbering, its state (waiting,
// stalled with the reason, completed and published or not, the record's version), the edge
// video's state, and an estimate of the time left at the pace so far. The table is --table or
// TRACKING_TABLE; DynamoDB's endpoint, region and credentials come from the AWS SDK's environment
// (AWS_ENDPOINT_URL_DYNAMODB for the local stack).
import { describeAwsError, endpointProblem } from './endpoint-errors';
import { DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { parseCommandLine } from '../core/command-line';
import { UsageError } from '../core/errors';
import { readTrackingConfig } from '../lambda/tracking-config';
import { DEFAULT_CHUNK_SIZE, DEFAULT_GROUP_SIZE } from '../tracking/chunks';
import { readVideoStatus, type VideoStatus } from '../tracking/status';
import { describeEdgeVideo, edgeVideoState, type EdgeVideoState } from '../video/stitch/status';

export const STATUS_USAGE = `usage: frame-processor status <videoId> [--table NAME] [--json]

  <videoId>     the video: the folder of its frames in the input bucket (e.g. cams/north)
  --table NAME  the tracking table (default: $TRACKING_TABLE)
  --json        one JSON document instead of lines

DynamoDB's region, credentials and endpoint come from the AWS SDK's environment (AWS_REGION,
AWS_PROFILE..., AWS_ENDPOINT_URL_DYNAMODB for the local stack).`;

type Env = Record<string, string | undefined>;
type Say = (line: string) => void;

/** Runs the subcommand; returns the exit code (0 known video, 1 unknown video or no table, 2 usage). */
export async function statusCommand(argv: string[], env: Env, out: Say, err: Say): Promise<number> {
  const { values, positionals } = parseCommandLine({ args: argv, allowPositionals: true, options: { table: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return (out(STATUS_USAGE), 0);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'status: no video id given' : `status: one video id, got ${positionals.length}`);
  const tableName = tableOf(values.table, env);
  const client = new DynamoDBClient({ maxAttempts: 3 });
  try {
    const videoId = positionals[0];
    const { status: read, item } = await readVideoStatus({ client, name: tableName }, { chunkSize: DEFAULT_CHUNK_SIZE, groupSize: DEFAULT_GROUP_SIZE }, videoId);
    const status: StatusReport = { ...read, edgeVideo: item ? edgeVideoState(videoId, item) : undefined };
    if (values.json) out(JSON.stringify(status, null, 2));
    else for (const line of describeStatus(status)) out(line);
    if (status.state !== 'unknown') return 0;
    err(`no video ${JSON.stringify(status.videoId)} in table ${tableName}: no frame and no total recorded for it`);
    return 1;
  } catch (error) {
    if (endpointProblem(error, 'DynamoDB', env)) {
      err(`status: ${describeAwsError(error, 'DynamoDB', env)}`);
      return 1;
    }
    if (!(error instanceof ResourceNotFoundException)) throw error;
    err(`table ${tableName} not found at ${env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL ?? `DynamoDB in ${await client.config.region()}`}`);
    return 1;
  } finally {
    client.destroy();
  }
}

function tableOf(flag: string | undefined, env: Env): string {
  try {
    const config = readTrackingConfig({ TRACKING_TABLE: flag ?? env.TRACKING_TABLE });
    if (config) return config.tableName;
  } catch (error) {
    throw new UsageError(`status: --table: ${(error as Error).message}`);
  }
  throw new UsageError('status: no table: give --table NAME or set TRACKING_TABLE');
}

export type StatusReport = VideoStatus & { edgeVideo?: EdgeVideoState };

/** The status as aligned lines for a person. */
export function describeStatus(status: StatusReport): string[] {
  const done = status.processedFrames + status.failedFrames;
  const rows: Array<[string, string]> = [
    ['video', status.videoId],
    ['status', status.stalled ? `stalled (${status.state})` : status.state],
    ['processed', `${status.processedFrames}${status.totalFrames === undefined ? '' : ` of ${status.totalFrames}`}`],
    ['failed', String(status.failedFrames)],
    ['total', describeTotal(status)],
  ];
  const others = status.totalsSeen.filter((seen) => seen.source !== status.totalSource || seen.totalFrames !== status.totalFrames);
  if (others.length > 0) rows.push(['also seen', others.map((seen) => `${seen.totalFrames} from ${seen.source} at ${seen.at}`).join('; ')]);
  if (status.totalProblem) rows.push(['not used', status.totalProblem]);
  if (status.firstFrameIndex !== undefined) rows.push(['numbering', `from ${status.firstFrameIndex}${status.firstFrameIndexFrom ? ` (${status.firstFrameIndexFrom})` : ''}`]);
  if (status.stalled) rows.push(['stalled', `since ${status.stalled.at}: ${status.stalled.reason}`]);
  rows.push(['time left', timeLeft(status, done)]);
  if (status.completedAt) {
    const version = status.version && status.version > 1 ? `, version ${status.version}` : '';
    rows.push(['completed', `${status.completedAt}${version} (${status.published ? 'video.json and event published' : 'publication pending: the sweeper finishes it'})`]);
  }
  if (status.edgeVideo) rows.push(['edge video', describeEdgeVideo(status.edgeVideo)]);
  return rows.map(([label, value]) => `${label.padEnd(10)} ${value}`);
}

function describeTotal(status: VideoStatus): string {
  if (status.totalFrames === undefined) return 'not known yet (no manifest, MediaConvert total or jobs-table TotalFrames)';
  const rate = status.frameRate ? ` at ${status.frameRate} fps` : '';
  return `${status.totalFrames} frames${rate}, from ${status.totalSource ?? 'unknown'}`;
}

function timeLeft(status: VideoStatus, done: number): string {
  if (status.completedAt) return 'none: complete';
  if (status.state === 'waiting-for-numbering') return `unknown until frame 0 or frame ${status.totalFrames} arrives (the numbering is not decided)`;
  if (status.totalFrames !== undefined && done >= status.totalFrames) return 'none: every frame is in, completing';
  if (status.estimatedSecondsLeft === undefined) return status.totalFrames === undefined ? 'unknown until the total is' : 'unknown until two frames are in';
  return `about ${duration(status.estimatedSecondsLeft)} at the pace so far`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
