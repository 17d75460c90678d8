// The whole stitch run locally with the same code: s3rver and dynalite in this process, the frame
// accounting completing a video of real 1080p edge maps, and the planner, segment workers and join
// as tasks on a pool of worker threads (each thread one "Lambda instance", `parallel` of them).
// Timed from the "Video Frames Processed" event to the "Edge Video Created" event. Every run after
// the first re-stitches the same video: its stitch attributes are removed and the planner invoked.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startDynamoServer } from '../src/local/dynamo-server';
import { S3RVER_CREDENTIALS, startS3Server } from '../src/local/s3-server';
import type { EventPublisher } from '../src/tracking/events';
import { S3ObjectWriter } from '../src/tracking/s3-objects';
import { A, trackingTableDefinition } from '../src/tracking/table';
import { Tracker } from '../src/tracking/tracker';
import { mapWithLimit } from '../src/video/segment-store';
import { SA, STITCH_OUTBOX } from '../src/video/stitch/state';
import type { EdgeMapFiles } from './stitch-encode';
import { StitchPool } from '../src/local/stitch-pool';
import type { TaskReport } from '../src/local/stitch-thread';

const BUCKET = 'processed-frames';
const TABLE = 'frame-tracking';
const VIDEO = 'bench/stitch';

export interface SimulationOptions {
  frames: number;
  segmentFrames: number;
  parallel: number;
  runs: number;
  qp: number;
}

export interface SimulationRun {
  wallMs: number;
  planMs: number;
  segmentMs: number[];
  joinMs: number;
  bytes: number;
  s3: Record<string, number>;
  dynamoReads: number;
  dynamoWrites: number;
}

/** Frame i of the video shows edge map pingPong(i): forwards then backwards, so motion never jumps. */
const pingPong = (index: number, count: number) => {
  const period = 2 * (count - 1);
  const at = period === 0 ? 0 : index % period;
  return at < count ? at : period - at;
};

export async function simulateStitch(maps: EdgeMapFiles, options: SimulationOptions, progress: (line: string) => void): Promise<SimulationRun[]> {
  const directory = await mkdtemp(join(tmpdir(), 'stitch-bench-'));
  const s3Server = await startS3Server({ port: 0, directory: join(directory, 's3'), buckets: [BUCKET] });
  const dynamoServer = await startDynamoServer({ port: 0, tables: [trackingTableDefinition(TABLE)] });
  const s3 = new S3Client({ region: 'us-east-1', endpoint: s3Server.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  const dynamo = dynamoServer.client();
  const reports: TaskReport[] = [];
  const setup = { s3Endpoint: s3Server.endpoint, dynamoEndpoint: dynamoServer.endpoint, tableName: TABLE, bucket: BUCKET, settings: { segmentFrames: options.segmentFrames, qp: options.qp } };
  const pool = new StitchPool(setup, { size: options.parallel, onReport: (report) => reports.push(report) });
  try {
    progress(`uploading ${options.frames} edge maps`);
    await mapWithLimit(Array.from({ length: options.frames }, (_, i) => i), 8, (index) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${VIDEO}/frame.${String(index).padStart(7, '0')}.jpg`, Body: maps.files[pingPong(index, maps.files.length)], ContentType: 'image/jpeg' })),
    );
    const runs: SimulationRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      const started = performance.timeOrigin + performance.now();
      const finished = pool.waitForEvent(VIDEO, 'Edge Video Created');
      if (run === 0) await completeVideo(dynamo, s3, pool, options.frames);
      else {
        await resetStitch(dynamo);
        pool.invoke({ kind: 'plan', videoId: VIDEO });
      }
      progress(`run ${run + 1} of ${options.runs}: stitching`);
      const event = await finished;
      await pool.idle();
      runs.push(summarise(reports.splice(0), run === 0 ? pool.planInvokedAt ?? started : started, event.at, Number((event.detail.edgeVideo as { bytes: number }).bytes)));
    }
    return runs;
  } finally {
    await pool.stop();
    s3.destroy();
    await s3Server.close();
    await dynamoServer.close();
    await rm(directory, { recursive: true, force: true });
  }
}

/** The frame accounting completes the video; its event queues the planner on the pool. */
async function completeVideo(dynamo: DynamoDBClient, s3: S3Client, pool: StitchPool, frames: number): Promise<void> {
  const events: EventPublisher = {
    publish: async (event) => {
      if (event.detailType === 'Video Frames Processed') pool.invoke({ kind: 'plan', videoId: VIDEO });
    },
  };
  const tracker = new Tracker({ client: dynamo, tableName: TABLE, objects: new S3ObjectWriter(s3, BUCKET), events, outboxAfterPublish: STITCH_OUTBOX.plan });
  await tracker.manifest(new TextEncoder().encode(JSON.stringify({ totalFrames: frames, frameRate: 30 })), `${VIDEO}/capture.json`);
  await mapWithLimit(Array.from({ length: frames }, (_, i) => i), 8, (index) => tracker.frameProcessed(`${VIDEO}/frame.${String(index).padStart(7, '0')}.jpg`));
}

/** Forgets the video's stitch (bench only: the next run plans it again from scratch). */
async function resetStitch(dynamo: DynamoDBClient): Promise<void> {
  const names = Object.values(SA);
  await dynamo.send(new UpdateItemCommand({
    TableName: TABLE, Key: { VideoId: { S: VIDEO } },
    UpdateExpression: `REMOVE ${names.map((_, i) => `#a${i}`).join(', ')}, #outbox, #since`,
    ExpressionAttributeNames: { ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])), '#outbox': A.outbox, '#since': A.outboxSince },
  }));
}

function summarise(reports: TaskReport[], started: number, ended: number, bytes: number): SimulationRun {
  const failed = reports.find((report) => report.error);
  if (failed) throw new Error(`a stitch task failed: ${failed.error}`);
  const wall = (kind: string) => reports.filter((report) => report.task.kind === kind).map((report) => report.endedAt - report.startedAt);
  const s3: Record<string, number> = {};
  for (const report of reports) for (const [name, count] of Object.entries(report.s3)) s3[name] = (s3[name] ?? 0) + count;
  return {
    wallMs: ended - started,
    planMs: wall('plan').reduce((a, b) => a + b, 0),
    segmentMs: wall('segment'),
    joinMs: wall('join').reduce((a, b) => a + b, 0),
    bytes,
    s3,
    dynamoReads: reports.reduce((sum, report) => sum + report.dynamo.reads, 0),
    dynamoWrites: reports.reduce((sum, report) => sum + report.dynamo.writes, 0),
  };
}
