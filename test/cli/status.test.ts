// `frame-processor status <videoId>`, the built CLI in a child process, against a real dynalite:
// a video in progress, a completed one with failures, and the clear errors (unknown video, no
// table, no table given).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startDynamoServer, DYNALITE_CREDENTIALS, type RunningDynamoServer } from '../../src/local/dynamo-server';
import { JsonlEventPublisher } from '../../src/tracking/events';
import type { ObjectWriter } from '../../src/tracking/s3-objects';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { trackingTableDefinition } from '../../src/tracking/table';
import { SA } from '../../src/video/stitch/state';
import { Tracker } from '../../src/tracking/tracker';
import { CLI_MAIN } from '../support/cli';
import { frameKey } from '../support/tracking-world';

const TABLE = 'status-table';
const OTHER_TABLE = 'status-stalls';
const NOWHERE: ObjectWriter = { put: async () => undefined };

/** The CLI, run asynchronously (dynalite answers from this process). */
function status(args: string[], endpoint: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv = { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: DYNALITE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DYNALITE_CREDENTIALS.secretAccessKey, TRACKING_TABLE: '', ...env };
  const child = spawn(process.execPath, [CLI_MAIN, 'status', ...args], { env: childEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('CLI: frame-processor status <videoId>', function () {
  this.timeout(30_000);
  let dynamo: RunningDynamoServer;
  let now = Date.parse('2026-11-29T12:00:00Z');
  before(async () => {
    dynamo = await startDynamoServer({ port: 0, tables: [trackingTableDefinition(TABLE), trackingTableDefinition(OTHER_TABLE)] });
    const tracker = new Tracker({ client: dynamo.client(), tableName: TABLE, objects: NOWHERE, events: new JsonlEventPublisher('/dev/null'), chunkSize: 128, now: () => now });
    await tracker.manifest(new TextEncoder().encode('{"totalFrames": 300, "frameRate": 30}'), 'cams/north/capture.json');
    for (let index = 0; index < 100; index++, now += 500) await tracker.frameProcessed(frameKey('cams/north', index));
    await tracker.frameFailed(frameKey('cams/north', 100), 'NotAJpegError: not a JPEG');
    await tracker.manifest(new TextEncoder().encode('{"totalFrames": 2}'), 'done/capture.json');
    await tracker.frameProcessed(frameKey('done', 0));
    await tracker.frameFailed(frameKey('done', 1), 'CorruptJpegError: truncated');
    // In a table of their own (the sweep sees a whole table): a video stalled with a MediaConvert
    // total that lost to its manifest, and one whose edge video is half encoded.
    const other = new Tracker({ client: dynamo.client(), tableName: OTHER_TABLE, objects: NOWHERE, events: new JsonlEventPublisher('/dev/null'), now: () => now });
    const start = now;
    await other.recordTotal({ videoId: 'stuck', totalFrames: 6, frameRate: 30, source: 'mediaconvert' });
    await other.manifest(new TextEncoder().encode('{"totalFrames": 5}'), 'stuck/capture.json');
    for (const index of [0, 1, 3]) await other.frameProcessed(frameKey('stuck', index));
    now += 2 * 3_600_000;
    await other.sweep({ publishGraceMs: 0, reconcileGraceMs: 0, stallAfterMs: 3_600_000 });
    await other.manifest(new TextEncoder().encode('{"totalFrames": 1}'), 'stitching/capture.json');
    await other.frameProcessed(frameKey('stitching', 0));
    await dynamo.client().send(new UpdateItemCommand({
      TableName: OTHER_TABLE, Key: { VideoId: { S: 'stitching' } }, UpdateExpression: 'SET #planned = :now, #segments = :three, #done = :done',
      ExpressionAttributeNames: { '#planned': SA.plannedAt, '#segments': SA.segments, '#done': SA.done },
      ExpressionAttributeValues: { ':now': { N: String(now) }, ':three': { N: '3' }, ':done': { NS: ['0', '2'] } },
    }));
    now = start;
  });
  after(async () => dynamo?.close());

  it('prints processed, failed, total and the time left at the pace so far', async () => {
    const run = await status(['cams/north', '--table', TABLE], dynamo.endpoint);

    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n'), [
      'video      cams/north',
      'status     in-progress',
      'processed  100 of 300',
      'failed     1',
      'total      300 frames at 30 fps, from manifest',
      'numbering  from 0 (frame 0 arrived)',
      'time left  about 1 min 40 s at the pace so far',
    ]);
  });

  it('prints a completed video with its failures, from TRACKING_TABLE, and as JSON', async () => {
    const run = await status(['done'], dynamo.endpoint, { TRACKING_TABLE: TABLE });
    const json = await status(['done', '--json', '--table', TABLE], dynamo.endpoint);

    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.stdout.trim().split('\n'), [
      'video      done',
      'status     complete_with_failures',
      'processed  1 of 2',
      'failed     1',
      'total      2 frames at 30 fps, from manifest',
      'numbering  from 0 (frame 0 arrived)',
      'time left  none: complete',
      'completed  2026-11-29T12:00:50.000Z (video.json and event published)',
    ]);
    assert.deepEqual(JSON.parse(json.stdout), {
      videoId: 'done', totalFrames: 2, frameRate: 30, totalSource: 'manifest', totalsSeen: [{ source: 'manifest', totalFrames: 2, at: '2026-11-29T12:00:50.000Z' }],
      firstFrameIndex: 0, firstFrameIndexFrom: 'frame 0 arrived', published: true, state: 'complete_with_failures', processedFrames: 1, failedFrames: 1,
      completedAt: '2026-11-29T12:00:50.000Z', version: 1,
    });
  });

  it('shows a stall and its reason, the total in use with its source and the one that lost, and the edge video under way', async () => {
    const stuck = await status(['stuck', '--table', OTHER_TABLE], dynamo.endpoint);
    const stitching = await status(['stitching', '--table', OTHER_TABLE], dynamo.endpoint);

    assert.equal(stuck.code, 0, stuck.stderr);
    const lines = stuck.stdout.trim().split('\n');
    assert.equal(lines[1], 'status     stalled (in-progress)');
    assert.equal(lines.find((line) => line.startsWith('total')), 'total      5 frames at 30 fps, from manifest');
    assert.match(lines.find((line) => line.startsWith('also seen')) ?? '', /^also seen  6 from mediaconvert at /);
    assert.match(lines.find((line) => line.startsWith('stalled')) ?? '', /^stalled    since .*: missing 2 of 5 frames: 2, 4; no progress for \d+ s$/);
    assert.match(stitching.stdout, /\nedge video planned: segments 2\/3 encoded\n/);
  });

  it('says so, exit code 1, for an unknown video or a table that does not exist; exit code 2 without a table', async () => {
    const unknown = await status(['no/such/video', '--table', TABLE], dynamo.endpoint);
    const noTable = await status(['cams/north', '--table', 'missing-table'], dynamo.endpoint);
    const notGiven = await status(['cams/north'], dynamo.endpoint);

    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no video "no\/such\/video" in table status-table: no frame and no total recorded for it/);
    assert.equal(noTable.code, 1);
    assert.match(noTable.stderr, new RegExp(`table missing-table not found at ${dynamo.endpoint}`));
    assert.equal(notGiven.code, 2);
    assert.match(notGiven.stderr, /status: no table: give --table NAME or set TRACKING_TABLE\n.*usage: frame-processor status/s);
  });
});
