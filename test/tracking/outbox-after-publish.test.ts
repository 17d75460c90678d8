// A published video handed on to a follow-on step: with `outboxAfterPublish`, the publication's
// last write moves the outbox to that state (found again through the Outbox index) instead of
// clearing it; without it, the outbox is cleared as before.
import { strict as assert } from 'node:assert';
import { JsonlEventPublisher } from '../../src/tracking/events';
import { getConsistent, num, str, type Item } from '../../src/tracking/items';
import { A, videoKey } from '../../src/tracking/table';
import { Tracker } from '../../src/tracking/tracker';
import { frameKey, startTrackingWorld, TABLE, type TrackingWorld } from '../support/tracking-world';

describe('tracking: the outbox after publication', function () {
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  async function completeVideo(videoId: string, outboxAfterPublish?: string): Promise<Item> {
    const client = world.dynamo.client();
    const events = new JsonlEventPublisher(world.eventsPath);
    const tracker = new Tracker({ client, tableName: TABLE, objects: world.writer, events, chunkSize: 2, outboxAfterPublish });
    await tracker.manifest(new TextEncoder().encode(JSON.stringify({ totalFrames: 3 })), `${videoId}/capture.json`);
    for (const index of [0, 1, 2]) await tracker.frameProcessed(frameKey(videoId, index));
    return (await getConsistent({ client, name: TABLE }, videoKey(videoId))) ?? {};
  }

  it('moves the outbox to the follow-on state, with its time, once the record and the event are out', async () => {
    const item = await completeVideo('handed-on', 'stitch-plan');
    assert.equal(str(item, A.outbox), 'stitch-plan');
    assert.ok(num(item, A.outboxSince)! > 0, 'OutboxSince set');
    assert.ok(num(item, A.publishedAt)! > 0, 'PublishedAt set');
    assert.equal((await world.events('handed-on')).length, 1);
  });

  it('clears the outbox when no follow-on state is set', async () => {
    const item = await completeVideo('cleared');
    assert.equal(str(item, A.outbox), undefined);
    assert.equal(num(item, A.outboxSince), undefined);
    assert.ok(num(item, A.publishedAt)! > 0, 'PublishedAt set');
  });
});
