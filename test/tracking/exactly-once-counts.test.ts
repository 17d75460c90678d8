// Counts that must be exact: a completion is counted once, by the caller whose conditional write
// made it, also when that write's answer was lost; duplicates of the last frame publish once.
import { strict as assert } from 'node:assert';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { A } from '../../src/tracking/table';
import { frameKey, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

const manifest = (totalFrames: number) => new TextEncoder().encode(JSON.stringify({ totalFrames }));

/** Makes `client` lose the answer of its first completion write (the write happens; a TimeoutError comes back, so the SDK sends it again). */
function loseCompletionAnswer(client: DynamoDBClient, times: number): { lost: number } {
  const state = { lost: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const names = Object.values((args.input as { ExpressionAttributeNames?: Record<string, string> }).ExpressionAttributeNames ?? {});
      if (context.commandName === 'UpdateItemCommand' && names.includes(A.completedBy) && state.lost < times) {
        state.lost++;
        throw Object.assign(new Error('the answer was lost on its way back'), { name: 'TimeoutError', $metadata: {} });
      }
      return result;
    },
    { step: 'deserialize', name: 'loseCompletionAnswer', priority: 'low' },
  );
  return state;
}

describe('tracking: exact counts', function () {
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  it('40 concurrent duplicates of the last frame: one completion, one event', async () => {
    const videoId = 'duplicates/40';
    const tracker = world.tracker({ chunkSize: 8 });
    await tracker.manifest(manifest(20), `${videoId}/capture.json`);
    for (let i = 0; i < 19; i++) await tracker.frameProcessed(frameKey(videoId, i));
    const results = await Promise.all(Array.from({ length: 40 }, () => tracker.frameProcessed(frameKey(videoId, 19))));
    const completed = results.filter((result) => result.tracked && result.video?.state === 'completed');
    assert.equal(completed.length, 1, 'completions counted');
    const events = await world.events(videoId);
    console.log(`      40 duplicates of the last frame: ${events.length} event(s), ${completed.length} completion`);
    assert.equal(events.length, 1);
  });

  it("a completion write whose answer is lost (the SDK sends it again and the condition fails) is still counted once, by its caller", async () => {
    const videoId = 'lost-answer/retried';
    const client = world.dynamo.client();
    const fault = loseCompletionAnswer(client, 1);
    const tracker = world.tracker({ chunkSize: 4, client });
    await tracker.manifest(manifest(3), `${videoId}/capture.json`);
    await tracker.frameProcessed(frameKey(videoId, 0));
    await tracker.frameProcessed(frameKey(videoId, 1));
    const last = await tracker.frameProcessed(frameKey(videoId, 2));
    assert.equal(fault.lost, 1);
    assert.equal(last.tracked && last.video?.state, 'completed');
    assert.equal((await world.events(videoId)).length, 1);
  });

  it('a completion whose answer is lost on every attempt is counted by its caller all the same', async () => {
    const videoId = 'lost-answer/every';
    const client = world.dynamo.client();
    loseCompletionAnswer(client, 3);
    const tracker = world.tracker({ chunkSize: 4, client });
    for (let i = 0; i < 3; i++) await tracker.frameProcessed(frameKey(videoId, i));
    const progress = await tracker.manifest(manifest(3), `${videoId}/capture.json`);
    assert.equal(progress.state, 'completed');
    const again = await world.tracker({ chunkSize: 4 }).manifest(manifest(3), `${videoId}/capture.json`);
    assert.equal(again.state, 'already-complete', 'a redelivery does not count it again');
  });
});
