// The manifest function over real s3rver and dynalite: a created capture.json records its video's
// total; an invalid one is refused with a logged error naming the object and the reason, changes
// nothing and is not retried; other records are skipped; an S3 failure fails the invocation (retried).
import assert from 'node:assert/strict';
import { TrackingFailedError } from '../../../src/core/errors';
import { encodeEventKey } from '../../../src/lambda/s3-event';
import { createManifestHandler } from '../../../src/lambda/tracking/manifest';
import { loadEvent } from '../../support/events';
import { RAW, useTrackingRig } from '../../support/tracking-functions';

function manifestEvent(key: string, eventName = 'ObjectCreated:Put') {
  const event = loadEvent('put-capture-json.json');
  Object.assign(event.Records[0], { eventName });
  event.Records[0].s3.bucket.name = RAW;
  event.Records[0].s3.object.key = encodeEventKey(key);
  return event;
}

describe('tracking functions: the manifest function', function () {
  this.timeout(20_000);
  const rig = useTrackingRig();
  const handler = () => createManifestHandler({ s3: rig.functionS3, tracker: rig.tracker(), report: rig.report() });

  it("records the total of a created <videoId>/capture.json and logs the video's state", async () => {
    await rig.s3.put(RAW, 'north gate/capture.json', '{"totalFrames": 300, "frameRate": 29.97}', 'application/json');

    const outcome = await handler()(manifestEvent('north gate/capture.json'));

    assert.deepEqual(outcome, { done: 1, refused: 0 });
    const status = await rig.tracker().status('north gate');
    assert.deepEqual([status.state, status.totalFrames, status.frameRate], ['waiting-for-numbering', 300, 29.97]);
    assert.ok(rig.log.lines.some((line) => line.message === 'manifest recorded' && line.fields.videoId === 'north gate' && line.fields.state === 'waiting-for-numbering'));
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['bad-json', '{"totalFrames": 3', /^not JSON/],
    ['fraction', '{"totalFrames": 2.5}', /totalFrames 2.5 is not a whole number/],
    ['negative', '{"totalFrames": -1}', /totalFrames -1 is negative/],
    ['absurd', '{"totalFrames": 1e9}', /over the maximum 10000000/],
    ['string', '{"totalFrames": "300"}', /totalFrames is a string "300", not a number/],
    ['huge', `{"totalFrames": 3, "pad": "${'x'.repeat(70_000)}"}`, /65537 bytes, over the 65536-byte limit/],
  ];
  for (const [videoId, body, reason] of invalid) {
    it(`refuses an invalid manifest (${videoId}): logged with its key and reason, nothing recorded, not retried`, async () => {
      const key = `refused/${videoId}/capture.json`;
      await rig.s3.put(RAW, key, body, 'application/json');

      const outcome = await handler()(manifestEvent(key));

      assert.deepEqual(outcome, { done: 0, refused: 1 });
      const logged = rig.log.lines.find((line) => line.level === 'error' && line.message === 'refused' && line.fields.source === key);
      assert.ok(logged, `no refusal logged for ${key}`);
      assert.equal(logged.fields.error, 'ManifestError');
      assert.match(String(logged.fields.reason), reason);
      assert.equal((await rig.tracker().status(`refused/${videoId}`)).state, 'unknown');
    });
  }

  it('skips records that are not a created capture.json', async () => {
    const outcome = await handler()({ Records: [...manifestEvent('a/frame.0000001.jpg').Records, ...manifestEvent('a/capture.json', 'ObjectRemoved:Delete').Records] });

    assert.deepEqual(outcome, { done: 0, refused: 0 });
    const skipped = rig.log.lines.filter((line) => line.message === 'record skipped').slice(-2).map((line) => line.fields.reason);
    assert.deepEqual(skipped, ['not a <videoId>/capture.json key', 'event ObjectRemoved:Delete is not an ObjectCreated event']);
  });

  it('fails the invocation, so that Lambda retries it, when the manifest cannot be read', async () => {
    await assert.rejects(handler()(manifestEvent('gone/capture.json')), (error: unknown) => {
      assert.ok(error instanceof TrackingFailedError);
      assert.match(error.message, /^1 of 1 failed:\n {2}"raw-frames\/gone\/capture\.json": NoSuchKey/);
      return true;
    });
  });
});
