// S3's events as EventBridge delivers them (`--param trigger=eventbridge`): the "Object Created" and
// "Object Deleted" examples of the Amazon S3 User Guide ("EventBridge event message structure"),
// verbatim in test/fixtures/events/eventbridge-*.json, read as the S3 notification records they
// stand for; then the frame function and the manifest function take them against real local servers.
import assert from 'node:assert/strict';
import { createHandler } from '../../src/lambda/dispatch';
import { encodeEventKey, eventRecords, planRecord } from '../../src/lambda/s3-event';
import { createManifestHandler } from '../../src/lambda/tracking/manifest';
import { loadFixture } from '../support/events';
import { OUT, RAW, useHandlerRig } from '../support/handler-rig';
import { makeJpeg } from '../support/jpegs';
import { useTrackingRig } from '../support/tracking-functions';

/** The documented "Object Created" example, for another bucket and (already URL-encoded) key. */
function objectCreated(bucket: string, encodedKey: string): Record<string, any> {
  const event = loadFixture('eventbridge-object-created.json');
  event.detail.bucket.name = bucket;
  event.detail.object.key = encodedKey;
  return event;
}

describe('S3 events from EventBridge', () => {
  it('reads the documented "Object Created" example as one created object, and "Object Deleted" as a skipped one', () => {
    const created = eventRecords(loadFixture('eventbridge-object-created.json'));
    const deleted = eventRecords(loadFixture('eventbridge-object-deleted.json'));

    assert.deepEqual(created.records.map(planRecord), [{ kind: 'skip', object: { bucket: 'amzn-s3-demo-bucket1', key: 'example-key', size: 5 }, reason: 'not a .jpg/.jpeg key' }]);
    assert.deepEqual(planRecord(deleted.records[0]), {
      kind: 'skip',
      object: { bucket: 'amzn-s3-demo-bucket1', key: 'example-key', size: undefined },
      reason: 'event EventBridge:Object Deleted is not an ObjectCreated event',
    });
  });

  it('decodes the key as in S3 notifications, and refuses a detail without an object, saying what is missing', () => {
    const event = objectCreated('frames-in', encodeEventKey('north gate/a+b.0000001.JPG'));
    const broken = loadFixture('eventbridge-object-created.json');
    delete broken.detail.object;

    assert.deepEqual(planRecord(eventRecords(event).records[0]), { kind: 'frame', object: { bucket: 'frames-in', key: 'north gate/a+b.0000001.JPG', size: 5 } });
    assert.deepEqual(planRecord(eventRecords(broken).records[0]), {
      kind: 'invalid',
      bucket: 'amzn-s3-demo-bucket1',
      rawKey: '',
      reason: "the record's s3.object.key is missing, not a key",
    });
  });

  describe('the frame function', () => {
    const rig = useHandlerRig();

    it('processes the frame an "Object Created" event names, as for an S3 notification', async () => {
      await rig.s3.put(RAW, 'north gate/a+b.0000001.jpg', makeJpeg(20, 12, 7));
      const handler = createHandler(rig.depsWith());

      const summary = await handler(objectCreated(RAW, encodeEventKey('north gate/a+b.0000001.jpg')));

      assert.deepEqual(summary, { processed: [{ bucket: RAW, key: 'north gate/a+b.0000001.jpg', outputKey: 'north gate/a+b.0000001.jpg' }], skipped: 0 });
      assert.ok(await rig.s3.exists(OUT, 'north gate/a+b.0000001.jpg'));
    });
  });

  describe('the manifest function', function () {
    this.timeout(20_000);
    const rig = useTrackingRig();

    it("records the total of a capture.json an \"Object Created\" event names", async () => {
      await rig.s3.put(RAW, 'harbour cam/capture.json', '{"totalFrames": 12}', 'application/json');
      const handler = createManifestHandler({ s3: rig.functionS3, tracker: rig.tracker(), report: rig.report() });

      const outcome = await handler(objectCreated(RAW, encodeEventKey('harbour cam/capture.json')));

      assert.deepEqual(outcome, { done: 1, refused: 0 });
      assert.equal((await rig.tracker().status('harbour cam')).totalFrames, 12);
    });
  });
});
