// The MediaConvert path: the event names the capture folder, a paginated listing of the real
// local S3 counts the frames, the total is recorded and the video completes.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameCountError } from '../../src/tracking/errors';
import { countFrames, totalOfCapture } from '../../src/tracking/frame-counter';
import { S3Lister } from '../../src/tracking/s3-objects';
import { INPUT_BUCKET, frameKey, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

/** The complete-event fixture, pointed at `videoId` in the test input bucket, last image `lastIndex`. */
function completeEvent(videoId: string, lastIndex: number): unknown {
  const event = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'tracking', 'mediaconvert-complete.json'), 'utf8'));
  const outputs = event.detail.outputGroupDetails[0].outputDetails;
  outputs[0].outputFilePaths = [`s3://${INPUT_BUCKET}/${videoId}/source.mp4`];
  outputs[1].outputFilePaths = [`s3://${INPUT_BUCKET}/${frameKey(videoId, lastIndex, 'harbour')}`];
  return event;
}

describe('tracking: counting captured frames (s3rver)', function () {
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  async function upload(keys: string[]): Promise<void> {
    for (const key of keys) await world.s3.put(INPUT_BUCKET, key, 'x');
  }

  it('counts .jpg/.jpeg of any case directly in the folder, page by page; not the video, manifest, or sub-folders', async () => {
    const videoId = 'count/a';
    await upload([
      ...Array.from({ length: 7 }, (_, i) => frameKey(videoId, i)),
      `${videoId}/frame.0000007.JPG`,
      `${videoId}/frame.0000008.jpeg`,
      `${videoId}/source.mp4`,
      `${videoId}/capture.json`,
      `${videoId}/notes.jpg`,
      `${videoId}/sub/frame.0000009.jpg`,
      `${videoId}x/frame.0000010.jpg`,
    ]);
    const s3Lister = new S3Lister(world.s3.client, 2);
    let pages = 0;
    const lister = { listPage: (...args: Parameters<S3Lister['listPage']>) => (pages++, s3Lister.listPage(...args)) };
    assert.deepEqual(await countFrames(lister, INPUT_BUCKET, videoId), { frames: 9, lastIndex: 8, objects: 9 });
    assert.ok(pages >= 6, `${pages} pages`);
    assert.equal(await totalOfCapture(lister, { bucket: INPUT_BUCKET, videoId, lastIndex: 8 }), 9);
  });

  it('two names for one index count once', async () => {
    const videoId = 'count/b';
    await upload([frameKey(videoId, 0), frameKey(videoId, 1), frameKey(videoId, 1, 'thumb')]);
    assert.deepEqual(await countFrames(new S3Lister(world.s3.client), INPUT_BUCKET, videoId), { frames: 2, lastIndex: 1, objects: 3 });
  });

  const refusals: [string, string[], number, RegExp][] = [
    ['no frames', [], 0, /no \.jpg\/\.jpeg frames listed/],
    ['a gap', [0, 1, 3].map((i) => frameKey('count/gap', i)), 3, /3 distinct frame indices but the highest is 3/],
    ['1-based numbering', [1, 2, 3].map((i) => frameKey('count/one-based', i)), 3, /indices are not 0\.\.N-1/],
    ['fewer frames than the job says', [0, 1].map((i) => frameKey('count/short', i)), 4, /highest index listed is 1, the job's final image is 4/],
  ];
  for (const [what, keys, lastIndex, reason] of refusals) {
    it(`refuses ${what} with a FrameCountError naming the prefix`, async () => {
      await upload(keys);
      const videoId = keys[0]?.slice(0, keys[0].lastIndexOf('/')) ?? 'count/none';
      await assert.rejects(
        totalOfCapture(new S3Lister(world.s3.client), { bucket: INPUT_BUCKET, videoId, lastIndex }),
        (error: unknown) => error instanceof FrameCountError && error.source === `s3://${INPUT_BUCKET}/${videoId}/` && reason.test(error.reason),
      );
    });
  }

  it('a COMPLETE event records the listed total, and the video completes once its frames are processed', async () => {
    const videoId = 'mc/video';
    const keys = Array.from({ length: 12 }, (_, i) => frameKey(videoId, i, 'harbour'));
    await upload([...keys, `${videoId}/source.mp4`]);
    const tracker = world.tracker({ chunkSize: 5 });
    for (const key of keys.slice(0, 8)) await tracker.frameProcessed(key);
    const lister = new S3Lister(world.s3.client, 4);
    const [progress] = await tracker.mediaConvertEvent(completeEvent(videoId, 11), lister);
    assert.deepEqual(progress, { state: 'in-progress', doneChunks: 1, chunks: 3, totalFrames: 12 });
    assert.deepEqual(await tracker.mediaConvertEvent(completeEvent(videoId, 11), lister), [progress], 'a redelivered event changes nothing');
    for (const key of keys.slice(8)) await tracker.frameProcessed(key);
    const events = await world.events(videoId);
    assert.equal(events.length, 1);
    assert.equal(events[0].detail.totalSource, 'mediaconvert');
    assert.equal(events[0].detail.totalFrames, 12);
  });

  it('a COMPLETE event whose listing cannot be a whole capture records nothing', async () => {
    const videoId = 'mc/gap';
    await upload([0, 1, 2, 4].map((i) => frameKey(videoId, i, 'harbour')));
    const tracker = world.tracker();
    await assert.rejects(tracker.mediaConvertEvent(completeEvent(videoId, 4), new S3Lister(world.s3.client)), FrameCountError);
    assert.equal((await tracker.status(videoId)).totalFrames, undefined);
  });
});
