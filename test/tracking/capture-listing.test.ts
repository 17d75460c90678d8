// The MediaConvert path: the event names each frame capture output, a paginated listing of the
// real local S3 counts its frames (and goes on in a later invocation when its budget runs out),
// the total is recorded and the video completes.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { continueListing, type ListingState } from '../../src/tracking/capture-listing';
import { S3Lister } from '../../src/tracking/s3-objects';
import { INPUT_BUCKET, frameKey, startTrackingWorld, type TrackingWorld } from '../support/tracking-world';

/** The complete-event fixture, pointed at each `[videoId, name, lastIndex]` capture in the test input bucket. */
function completeEvent(...captures: [string, string, number][]): unknown {
  const event = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'tracking', 'mediaconvert-complete.json'), 'utf8'));
  const outputs = event.detail.outputGroupDetails[0].outputDetails;
  outputs[0].outputFilePaths = [`s3://${INPUT_BUCKET}/${captures[0][0]}/source.mp4`];
  outputs.splice(1, 1, ...captures.map(([videoId, name, lastIndex]) => ({ outputFilePaths: [`s3://${INPUT_BUCKET}/${frameKey(videoId, lastIndex, name)}`] })));
  return event;
}

const start = (videoId: string, lastIndex: number, name = 'frame'): ListingState => ({ output: { bucket: INPUT_BUCKET, videoId, name, lastIndex }, jobId: 'job', frameRate: 30 });

describe('tracking: counting captured frames (s3rver)', function () {
  let world: TrackingWorld;
  before(async () => (world = await startTrackingWorld()));
  after(async () => world.close());

  async function upload(keys: string[]): Promise<void> {
    for (const key of keys) await world.s3.put(INPUT_BUCKET, key, 'x');
  }

  it("counts one output's frames page by page: not other names, the video, the manifest, sub-folders or a sibling folder", async () => {
    const videoId = 'count/a';
    await upload([
      ...Array.from({ length: 7 }, (_, i) => frameKey(videoId, i)),
      `${videoId}/frame.0000007.JPG`,
      `${videoId}/frame.0000007.jpg`,
      `${videoId}/frame.0000008.jpeg`,
      `${videoId}/thumb.0000009.jpg`,
      `${videoId}/source.mp4`,
      `${videoId}/capture.json`,
      `${videoId}/frame.notes.jpg`,
      `${videoId}/sub/frame.0000009.jpg`,
      `${videoId}x/frame.0000010.jpg`,
    ]);
    const s3Lister = new S3Lister(world.s3.client, 2);
    let pages = 0;
    const lister = { listPage: (...args: Parameters<S3Lister['listPage']>) => (pages++, s3Lister.listPage(...args)) };
    const result = await continueListing(lister, start(videoId, 8), () => true);
    assert.deepEqual([result.kind, result.kind === 'total' && result.totalFrames], ['total', 9]);
    assert.ok(pages >= 6, `${pages} pages`);
  });

  it('frames numbered from 1 count as well', async () => {
    await upload([1, 2, 3].map((i) => frameKey('count/one-based', i)));
    const result = await continueListing(new S3Lister(world.s3.client), start('count/one-based', 3), () => true);
    assert.deepEqual(result.kind === 'total' && result.totalFrames, 3);
  });

  const refusals: [string, string[], number, RegExp][] = [
    ['no frames', [], 0, /no frames listed/],
    ['a gap', [0, 1, 3].map((i) => frameKey('count/gap', i)), 3, /frames 2 are missing \(the next listed is 3\)/],
    ['a missing start', [2, 3].map((i) => frameKey('count/late-start', i)), 3, /the first frame listed is 2/],
    ['fewer frames than the job says', [0, 1].map((i) => frameKey('count/short', i)), 4, /the highest index listed is 1, the job's final image is 4/],
  ];
  for (const [what, keys, lastIndex, reason] of refusals) {
    it(`refuses ${what}, saying why`, async () => {
      await upload(keys);
      const videoId = keys[0]?.slice(0, keys[0].lastIndexOf('/')) ?? 'count/none';
      const result = await continueListing(new S3Lister(world.s3.client), start(videoId, lastIndex), () => true);
      assert.ok(result.kind === 'refused' && reason.test(result.reason), JSON.stringify(result));
    });
  }

  it('a COMPLETE event records the listed total, and the video completes once its frames are processed', async () => {
    const videoId = 'mc/video';
    const keys = Array.from({ length: 12 }, (_, i) => frameKey(videoId, i, 'harbour'));
    await upload([...keys, `${videoId}/source.mp4`]);
    const tracker = world.tracker({ chunkSize: 5 });
    for (const key of keys.slice(0, 8)) await tracker.frameProcessed(key);
    const lister = new S3Lister(world.s3.client, 4);
    const [first] = await tracker.mediaConvertEvent(completeEvent([videoId, 'harbour', 11]), lister);
    assert.ok(first.kind === 'recorded' && first.totalFrames === 12 && first.progress.state === 'in-progress', JSON.stringify(first));
    const [again] = await tracker.mediaConvertEvent(completeEvent([videoId, 'harbour', 11]), lister);
    assert.ok(again.kind === 'recorded' && again.progress.state === 'in-progress', 'a redelivered event changes nothing');
    for (const key of keys.slice(8)) await tracker.frameProcessed(key);
    const events = await world.events(videoId);
    assert.equal(events.length, 1);
    assert.deepEqual([events[0].detail.totalSource, events[0].detail.totalFrames], ['mediaconvert', 12]);
  });

  it('two captures into one folder, one with a gap: the good one is recorded, the other refused with the reason', async () => {
    const videoId = 'mc/two-outputs';
    await upload([...[0, 1, 2, 3, 4].map((i) => frameKey(videoId, i, 'full')), ...[0, 1, 3, 4].map((i) => frameKey(videoId, i, 'small'))]);
    const tracker = world.tracker({ chunkSize: 4 });
    const results = await tracker.mediaConvertEvent(completeEvent([videoId, 'small', 4], [videoId, 'full', 4]), new S3Lister(world.s3.client));
    assert.deepEqual(results.map((result) => [result.output.name, result.kind]), [['small', 'refused'], ['full', 'recorded']]);
    const status = await tracker.status(videoId);
    assert.deepEqual([status.totalFrames, status.totalSource], [5, 'mediaconvert']);
    assert.match(status.totalProblem ?? '', /output small: frames 2 are missing/);
  });

  it('a listing out of budget pauses, is kept on the video item, and the sweeper finishes it', async () => {
    const videoId = 'mc/long';
    const keys = Array.from({ length: 30 }, (_, i) => frameKey(videoId, i, 'long'));
    await upload(keys);
    const lister = new S3Lister(world.s3.client, 4);
    let pages = 0;
    const tracker = world.tracker({ chunkSize: 8 });
    const [paused] = await tracker.mediaConvertEvent(completeEvent([videoId, 'long', 29]), lister, () => pages++ < 3);
    assert.equal(paused.kind, 'paused');
    assert.equal((await tracker.status(videoId)).totalFrames, undefined);
    for (const key of keys) await tracker.frameProcessed(key);
    const sweeper = world.tracker({ chunkSize: 8, lister });
    await sweeper.sweep({ publishGraceMs: 0, reconcileGraceMs: 0 });
    const events = await world.events(videoId);
    assert.deepEqual([events.length, events[0]?.detail.totalSource, events[0]?.detail.totalFrames], [1, 'mediaconvert', 30]);
  });
});
