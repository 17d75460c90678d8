// The sweeper function over real servers: it publishes what the recorder (which never publishes)
// completed and reports it as a completion once the grace period is over; a video it cannot
// finish fails the invocation, naming it.
import assert from 'node:assert/strict';
import { TrackingFailedError } from '../../../src/core/errors';
import { createSweeperHandler } from '../../../src/lambda/tracking/sweeper';
import { createTracker } from '../../../src/lambda/tracking-setup';
import { frameKey } from '../../support/tracking-world';
import { useTrackingRig } from '../../support/tracking-functions';

const manifest = (totalFrames: number) => new TextEncoder().encode(JSON.stringify({ totalFrames }));

describe('tracking functions: the sweeper', function () {
  this.timeout(20_000);
  const rig = useTrackingRig();

  it('publishes a video the recorder completed, once its publish grace is over, and only then', async () => {
    const videoId = 'swept/recorded';
    await rig.tracker().manifest(manifest(1), `${videoId}/capture.json`);
    await rig.tracker({ publishes: false }).frameFailed(frameKey(videoId, 0), 'NotAJpegError: not a JPEG');
    const sweeper = (publishGraceMs: number) => createSweeperHandler({ tracker: rig.tracker(), grace: { publishGraceMs, reconcileGraceMs: 60_000 }, report: rig.report() });

    const early = await sweeper(60_000)();
    const due = await sweeper(0)();

    assert.deepEqual(early.republished, []);
    assert.deepEqual(due.republished, [videoId]);
    assert.equal((await rig.videoRecord(videoId)).status, 'complete_with_failures');
    assert.equal((await rig.events(videoId)).length, 1);
    assert.ok(rig.log.lines.some((line) => line.message === 'sweep done' && (line.fields.republished as string[]).includes(videoId)));
  });

  it('fails the invocation, naming the video, when one cannot be finished', async () => {
    const videoId = 'swept/unpublishable';
    await rig.tracker().manifest(manifest(1), `${videoId}/capture.json`);
    await rig.tracker({ publishes: false }).frameProcessed(frameKey(videoId, 0));
    const noBucket = createTracker(rig.config, { publishTo: { s3: rig.functionS3, outputBucket: 'no-such-bucket' }, log: rig.log, client: rig.dynamo.client() });

    await assert.rejects(createSweeperHandler({ tracker: noBucket, grace: { publishGraceMs: 0, reconcileGraceMs: 0 }, report: rig.report() })(), (error: unknown) => {
      assert.ok(error instanceof TrackingFailedError);
      assert.match(error.message, /"swept\/unpublishable": The specified bucket does not exist/);
      return true;
    });
    assert.equal((await rig.tracker().status(videoId)).published, false, 'still in the outbox for the next run');
  });
});
