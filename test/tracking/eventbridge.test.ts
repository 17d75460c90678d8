// The AWS event publisher's requests, seen by a loopback HTTP server that answers PutEvents as
// EventBridge documents it. There is no local EventBridge; this server stands in for one only to
// show what is sent and to produce the faults that matter: an entry refused inside a 200 answer,
// throttled for a while or for good.
import { strict as assert } from 'node:assert';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { PublishError, TransientTrackingError } from '../../src/tracking/errors';
import { EventBridgePublisher, type RetryPolicy } from '../../src/tracking/events';
import { OUTBOX } from '../../src/tracking/table';
import { Tracker } from '../../src/tracking/tracker';
import { TABLE, frameKey, startTrackingWorld, sweepUntilQuiet } from '../support/tracking-world';

const THROTTLED = { FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] };
const OK = { FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] };
/** No waiting in tests; the waits asked for are recorded. */
const noWait = (waits: number[]): RetryPolicy => ({ attempts: 6, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) });

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Seen {
  headers: IncomingHttpHeaders;
  body: { Entries: Record<string, string>[] };
}

describe('tracking: EventBridge publisher', () => {
  let server: Server;
  let client: EventBridgeClient;
  const seen: Seen[] = [];
  /** Answers in turn; the last one stays. */
  let answers: object[] = [OK];

  before(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        response.end(JSON.stringify(answers.length > 1 ? answers.shift() : answers[0]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new EventBridgeClient({ region: 'eu-west-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });
  after(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('puts one entry on the default bus: source, detail-type, the detail as JSON', async () => {
    const detail = { videoId: 'v', status: 'complete', totalFrames: 3 };
    await new EventBridgePublisher(client).publish({ source: 'frame-processor', detailType: 'Video Frames Processed', detail });
    const [request] = seen;
    assert.equal(request.headers['x-amz-target'], 'AWSEvents.PutEvents');
    assert.deepEqual(request.body.Entries, [
      { Source: 'frame-processor', DetailType: 'Video Frames Processed', Detail: JSON.stringify(detail), EventBusName: 'default' },
    ]);
  });

  it('an entry refused inside a 200 answer for good is a PublishError (so the outbox keeps the video)', async () => {
    answers = [{ FailedEntryCount: 1, Entries: [{ ErrorCode: 'MalformedDetail', ErrorMessage: 'bad detail' }] }];
    await assert.rejects(
      new EventBridgePublisher(client).publish({ source: 'frame-processor', detailType: 'Video Frames Processed', detail: {} }),
      (error: unknown) => error instanceof PublishError && error.source === 'event bus default' && /MalformedDetail bad detail/.test(error.reason),
    );
  });

  it('a throttled entry is put again with growing waits, and goes out once the throttling passes', async () => {
    seen.length = 0;
    answers = [THROTTLED, { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] }, THROTTLED, OK];
    const waits: number[] = [];
    await new EventBridgePublisher(client, 'default', noWait(waits)).publish({ source: 'frame-processor', detailType: 'Video Frames Processed', detail: {} });
    assert.equal(seen.length, 4);
    assert.deepEqual(waits.map((ms, i) => ms <= 100 * 2 ** i), [true, true, true]);
  });

  it('throttled through every retry: a TransientTrackingError (the invocation fails and is delivered again), not a PublishError', async () => {
    seen.length = 0;
    answers = [THROTTLED];
    await assert.rejects(
      new EventBridgePublisher(client, 'default', noWait([])).publish({ source: 'frame-processor', detailType: 'Video Frames Processed', detail: {} }),
      (error: unknown) => error instanceof TransientTrackingError && /ThrottlingException Rate exceeded, 6 times with backoff/.test(error.reason),
    );
    assert.equal(seen.length, 6);
  });

  it('a video that completes while the bus throttles: the completion counts, the outbox keeps it, the sweeper publishes it once the bus answers', async () => {
    answers = [THROTTLED];
    const world = await startTrackingWorld();
    try {
      const log: string[] = [];
      const throttledBus = new EventBridgePublisher(client, 'default', noWait([]));
      const tracker = new Tracker({
        client: world.dynamo.client(), tableName: TABLE, objects: world.writer, events: throttledBus, chunkSize: 4,
        log: { info: () => undefined, warn: () => undefined, error: (message) => void log.push(message) },
      });
      await tracker.manifest(new TextEncoder().encode('{"totalFrames": 2}'), 'throttled/capture.json');
      await tracker.frameProcessed(frameKey('throttled', 0));
      const last = await tracker.frameProcessed(frameKey('throttled', 1));
      assert.equal(last.tracked && last.video?.state, 'completed');
      assert.ok(log.includes('video completed, not yet published: the sweeper publishes it'));
      const item = await world.dynamo.client().send(new GetItemCommand({ TableName: TABLE, Key: { VideoId: { S: 'throttled' } } }));
      assert.equal(item.Item?.fp_Outbox?.S, OUTBOX.publish);
      seen.length = 0;
      answers = [OK];
      await sweepUntilQuiet(world.tracker({ chunkSize: 4 }));
      assert.equal((await world.events('throttled')).length, 1, 'published by the sweeper (to the local events file)');
    } finally {
      await world.close();
    }
  });
});
