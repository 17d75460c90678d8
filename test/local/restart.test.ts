// A stack stopped in the middle of a video's edge video (Ctrl-C while the join was due) and
// started again on the same data folder takes the stitch up at once: its first sweep has no
// grace, because nothing of the earlier run can still be running.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readTrackingConfig } from '../../src/lambda/tracking-config';
import { createTracker } from '../../src/lambda/tracking-setup';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { DYNALITE_CREDENTIALS } from '../../src/local/dynamo-server';
import { startLocalStack, type LocalStack } from '../../src/local/stack';
import { SILENT_LOG } from '../../src/tracking/context';
import { JsonlEventPublisher } from '../../src/tracking/events';
import { getConsistent } from '../../src/tracking/items';
import { A, videoKey } from '../../src/tracking/table';
import { StitchService } from '../../src/video/stitch/service';
import { STITCH_DEFAULTS } from '../../src/video/stitch/settings';
import { STITCH_OUTBOX } from '../../src/video/stitch/state';
import type { StitchTask } from '../../src/video/stitch/tasks';
import { makeJpeg } from '../support/jpegs';
import { clientFor, waitFor } from '../support/local-stack';
import { useLocalStack } from '../support/use-local-stack';
import { frameKey } from '../support/tracking-world';

describe('local stack: a restart resumes an edge video cut short', function () {
  this.timeout(120_000);
  let dataDir: string;
  let stack: LocalStack | undefined;
  const lines: string[] = [];
  const start = () => startLocalStack({ port: 0, dataDir, concurrency: 1, sweepIntervalMs: 600_000, env: { LOG_LEVEL: 'SILENT' }, print: (line) => lines.push(line) });

  before(async () => (dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-restart-'))));
  after(async () => {
    await stack?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('its join, due when the stack stopped, runs as soon as the stack is started again, not after the 300 s grace', async () => {
    stack = await start();
    const videoId = 'cut-short';
    const s3 = clientFor(stack.endpoint);
    const dynamo = new DynamoDBClient({ region: 'us-east-1', endpoint: stack.dynamoEndpoint, credentials: DYNALITE_CREDENTIALS });
    const elsewhere = join(dataDir, 'elsewhere.jsonl');
    const config = readTrackingConfig({ TRACKING_TABLE: stack.trackingTable, TRACKING_EVENTS_FILE: elsewhere, EDGE_VIDEO: 'on' })!;
    const tracker = createTracker(config, { publishTo: { s3, outputBucket: OUTPUT_BUCKET }, log: SILENT_LOG, client: dynamo });
    for (let index = 0; index < 4; index++) await s3.send(new PutObjectCommand({ Bucket: OUTPUT_BUCKET, Key: frameKey(videoId, index), Body: makeJpeg(48, 32, index + 1) }));
    await tracker.manifest(new TextEncoder().encode('{"totalFrames": 4}'), `${videoId}/capture.json`);
    for (let index = 0; index < 4; index++) await tracker.frameProcessed(frameKey(videoId, index));
    // The stitch up to the join-ready point, then the join "killed": its invocation never runs.
    const queue: StitchTask[] = [{ kind: 'plan', videoId }];
    const service = new StitchService({
      dynamo, tableName: stack.trackingTable, s3, bucket: OUTPUT_BUCKET, settings: { ...STITCH_DEFAULTS, segmentFrames: 2 },
      invoker: { invoke: async (task) => void (task.kind !== 'join' && queue.push(task)) }, events: new JsonlEventPublisher(elsewhere),
    });
    for (let task = queue.shift(); task; task = queue.shift()) await service.run(task);
    const table = { client: dynamo, name: stack.trackingTable };
    assert.equal((await getConsistent(table, videoKey(videoId)))?.[A.outbox]?.S, STITCH_OUTBOX.join);
    await stack.close();

    const restartedAt = Date.now();
    stack = await start();
    let created = false;
    while (!created && Date.now() - restartedAt < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      created = (await readFile(stack.eventsFile, 'utf8').catch(() => '')).includes('"Edge Video Created"');
    }
    assert.ok(created, lines.join('\n'));
    assert.ok(Date.now() - restartedAt < 60_000);
    s3.destroy();
    dynamo.destroy();
  });
});

describe('local stack: a restart labels the events of earlier runs', function () {
  this.timeout(120_000);
  const local = useLocalStack({ name: 'earlier', concurrency: 1 });
  const { lines } = local;
  const upload = async (videoId: string) => {
    await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: frameKey(videoId, 0), Body: makeJpeg(48, 32, 1) }));
    await local.client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: `${videoId}/capture.json`, Body: '{"totalFrames": 1}' }));
  };
  const printed = (pattern: RegExp) => waitFor(() => lines.find((line) => pattern.test(line)), () => lines.join('\n'), 60_000);

  it('replayed from events.jsonl, they read "earlier:"; what this run does does not', async () => {
    await upload('first');
    await printed(/^event Edge Video Created: first,/);

    await local.restart();
    await upload('second');
    await printed(/^event Edge Video Created: second,/);
    await local.stack.idle();
    const about = (videoId: string) => lines.filter((line) => line.includes(`: ${videoId}`));
    assert.deepEqual(about('first').map((line) => line.split(':')[0]), ['earlier', 'earlier'], lines.join('\n'));
    assert.ok(about('first').every((line) => line.startsWith('earlier: event ')), lines.join('\n'));
    assert.deepEqual(about('second').map((line) => line.split(':')[0]), ['event Video Frames Processed', 'event Edge Video Created'], lines.join('\n'));
  });
});
