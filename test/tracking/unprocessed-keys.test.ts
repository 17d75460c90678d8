// BatchGetItem's UnprocessedKeys (DynamoDB answers part of a batch when it throttles): asked again
// with backoff; still unprocessed after the retries, a TransientTrackingError, which the tracking
// functions treat as worth a retry (the invocation fails and is delivered again), never as a
// refusal to drop. dynalite never throttles: a client middleware answers for it here.
import { strict as assert } from 'node:assert';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TrackingFailedError } from '../../src/core/errors';
import { eachItem } from '../../src/lambda/tracking/each-item';
import { createReport } from '../../src/lambda/tracking/report';
import { TrackingError, TransientTrackingError } from '../../src/tracking/errors';
import { RecordingLog } from '../support/tracking-functions';
import { frameKey, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

/** The next `count` BatchGetItem requests of `client` get every key back unprocessed, nothing read. */
function throttleBatchGets(client: DynamoDBClient): { count: number; seen: number } {
  const state = { count: 0, seen: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchGetItemCommand') return next(args);
      state.seen++;
      if (state.count <= 0) return next(args);
      state.count--;
      const input = args.input as { RequestItems: Record<string, unknown> };
      return { response: {}, output: { $metadata: {}, Responses: {}, UnprocessedKeys: input.RequestItems } } as never;
    },
    { step: 'initialize', name: 'throttleBatchGets' },
  );
  return state;
}

describe('tracking: BatchGetItem answers with unprocessed keys', function () {
  this.timeout(120_000);
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  /** A video whose completion must read its failed frame's chunk and item. */
  async function nearlyComplete(videoId: string, client: DynamoDBClient) {
    const tracker = world.tracker({ chunkSize: 2, client });
    await tracker.frameProcessed(frameKey(videoId, 0));
    await tracker.frameFailed(frameKey(videoId, 1), 'CorruptJpegError: truncated');
    await tracker.frameProcessed(frameKey(videoId, 2));
    return tracker;
  }

  it('a few unprocessed answers: asked again with backoff, and the video completes', async () => {
    const client = world.dynamo.client();
    const throttle = throttleBatchGets(client);
    const tracker = await nearlyComplete('unprocessed/few', client);
    throttle.count = 4;
    const progress = await tracker.manifest(new TextEncoder().encode('{"totalFrames": 3}'), 'unprocessed/few/capture.json');
    assert.equal(progress.state, 'completed');
    assert.equal(throttle.count, 0);
    assert.equal((await world.events('unprocessed/few'))[0].detail.failedFrameCount, 1);
  });

  it('unprocessed through every retry: a TransientTrackingError, retried by the function (not dropped); the redelivery completes', async () => {
    const client = world.dynamo.client();
    const throttle = throttleBatchGets(client);
    const tracker = await nearlyComplete('unprocessed/all', client);
    throttle.count = 1_000;
    const log = new RecordingLog();
    const deliver = () => eachItem(['capture.json'], (name) => name, () => tracker.manifest(new TextEncoder().encode('{"totalFrames": 3}'), 'unprocessed/all/capture.json').then(() => undefined), createReport(log));
    await assert.rejects(deliver(), TrackingFailedError);
    assert.ok(log.lines.some((line) => line.message === 'failed, will be retried' && /TransientTrackingError: .*still unprocessed after 10 BatchGetItem requests/.test(String(line.fields.reason))));
    assert.ok(!log.lines.some((line) => line.message === 'dropped, not retried'));
    assert.equal((await world.events('unprocessed/all')).length, 0);
    throttle.count = 0;
    assert.deepEqual(await deliver(), { done: 1, refused: 0 });
    assert.equal((await world.events('unprocessed/all')).length, 1);
  });

  it('the error is transient by type', () => {
    assert.ok(!(new TransientTrackingError('r', 's') instanceof TrackingError));
  });
});
