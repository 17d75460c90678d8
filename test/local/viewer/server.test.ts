// The viewer's server over plain HTTP against a real local stack: objects with Range as S3 answers
// them, refusals that name the object, file or video and the reason, uploads checked whole before
// anything is written, and the video list and detail read from the stack's table and buckets.
import assert from 'node:assert/strict';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { INPUT_BUCKET, LOCAL_REGION } from '../../../src/local/buckets';
import { DYNALITE_CREDENTIALS } from '../../../src/local/dynamo-server';
import { frameKeyRule } from '../../../src/tracking/frame-key';
import { startViewer } from '../../../src/local/viewer/server';
import { makeJpeg } from '../../support/jpegs';
import { clientFor, waitFor } from '../../support/local-stack';
import { postUpload, startViewerStack, type ViewerStack } from './viewer-stack';

const BLOB = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));

async function keysUnder(client: S3Client, prefix: string): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: INPUT_BUCKET, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

describe('local stack: the viewer server over HTTP', function () {
  this.timeout(60_000);
  let running: ViewerStack;
  let client: S3Client;

  before(async () => {
    running = await startViewerStack({ VIDEO_STALL_AFTER: '2' });
    client = clientFor(running.stack.endpoint);
    await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'notes/blob.bin', Body: BLOB, ContentType: 'application/octet-stream' }));
  });
  after(async () => {
    client?.destroy();
    await running?.close();
  });

  it('answers a Range request with 206, Content-Range and exactly those bytes; no Range with 200 and the whole object', async () => {
    const ranged = await fetch(`${running.viewer}/s3/${INPUT_BUCKET}/notes/blob.bin`, { headers: { range: 'bytes=1000-1999' } });
    const whole = await fetch(`${running.viewer}/s3/${INPUT_BUCKET}/notes/blob.bin`);
    const head = await fetch(`${running.viewer}/s3/${INPUT_BUCKET}/notes/blob.bin`, { method: 'HEAD' });

    assert.equal(ranged.status, 206);
    assert.equal(ranged.headers.get('content-range'), `bytes 1000-1999/${BLOB.length}`);
    assert.equal(ranged.headers.get('accept-ranges'), 'bytes');
    assert.deepEqual(Buffer.from(await ranged.arrayBuffer()), BLOB.subarray(1000, 2000));
    assert.equal(whole.status, 200);
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), BLOB);
    assert.deepEqual([head.status, head.headers.get('content-length'), (await head.arrayBuffer()).byteLength], [200, String(BLOB.length), 0]);
  });

  it('answers an unsatisfiable range with 416, and a missing object or bucket with 404 naming it', async () => {
    const outside = await fetch(`${running.viewer}/s3/${INPUT_BUCKET}/notes/blob.bin`, { headers: { range: 'bytes=9000-9999' } });
    const missing = await fetch(`${running.viewer}/s3/${INPUT_BUCKET}/notes/no%20such.jpg`);
    const bucket = await fetch(`${running.viewer}/s3/elsewhere/a.jpg`);
    const video = await fetch(`${running.viewer}/api/video?id=never-uploaded`);

    assert.equal(outside.status, 416);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: `${INPUT_BUCKET}/notes/no such.jpg: no such object in the local S3 server` });
    assert.equal(bucket.status, 404);
    assert.match(((await bucket.json()) as { error: string }).error, /^elsewhere: no such bucket here/);
    assert.equal(video.status, 404);
    assert.match(((await video.json()) as { error: string }).error, /^never-uploaded: no such video/);
  });

  it('serves the pages and refuses other paths by name', async () => {
    const list = await fetch(`${running.viewer}/`);
    const script = await fetch(`${running.viewer}/static/video.js`);
    const outside = await fetch(`${running.viewer}/static/..%2F..%2Fstack.ts`);

    assert.equal(list.status, 200);
    assert.match(await list.text(), /<table id="videos">/);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(outside.status, 404);
  });

  it('refuses a bad upload naming the file and the reason, and writes nothing of it', async () => {
    const good = makeJpeg(48, 32, 1);
    const cases: Array<{ files: { name: string; bytes: Uint8Array }[]; status: number; error: RegExp }> = [
      { files: [{ name: 'frame.0000.jpg', bytes: good }, { name: 'frame.0001.jpg', bytes: Buffer.from('not a jpeg at all') }], status: 400, error: /^frame\.0001\.jpg: not a JPEG frame: / },
      { files: [{ name: 'frame.0000.jpg', bytes: good }, { name: 'notes.txt', bytes: Buffer.from('hello') }], status: 400, error: /^notes\.txt: not a \.jpg\/\.jpeg frame/ },
      { files: [{ name: 'a.0.jpg', bytes: good }, { name: 'a.1.jpg', bytes: makeJpeg(50, 32, 2) }], status: 400, error: /^a\.1\.jpg: is 50x32 but a\.0\.jpg is 48x32/ },
      { files: [], status: 400, error: /^bad-upload: the upload holds no files \(an empty folder\?\)$/ },
    ];
    for (const { files, status, error } of cases) {
      const answer = await postUpload(running.viewer, 'bad-upload', files);

      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.match(String(answer.body.error), error);
    }
    const badId = await postUpload(running.viewer, 'clip#chunk#3', [{ name: 'f.0.jpg', bytes: good }]);
    assert.equal(badId.status, 400);
    assert.match(String(badId.body.error), /^clip#chunk#3: not a video id/);
    assert.deepEqual(await keysUnder(client, 'bad-upload/'), []);
  });

  it('refuses a video file without ffmpeg, saying why', async () => {
    const dynamo = new DynamoDBClient({ endpoint: running.stack.dynamoEndpoint, region: LOCAL_REGION, credentials: DYNALITE_CREDENTIALS });
    const viewer = await startViewer({
      host: '127.0.0.1', port: 0, s3Endpoint: running.stack.endpoint, dynamo, tableName: running.stack.trackingTable, frameKeys: frameKeyRule(undefined),
      ffmpeg: { ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' },
    });
    try {
      const capabilities = (await (await fetch(`${viewer.endpoint}/api/capabilities`)).json()) as { videoUploadProblem: string };
      const answer = await postUpload(viewer.endpoint, 'clip', [{ name: 'clip.mp4', bytes: Buffer.from('video') }]);

      assert.match(capabilities.videoUploadProblem, /^\/nonexistent\/ffmpeg is not on PATH: a video file needs ffmpeg and ffprobe/);
      assert.equal(answer.status, 501);
      assert.match(String(answer.body.error), /^clip\.mp4: \/nonexistent\/ffmpeg is not on PATH/);
      assert.deepEqual(await keysUnder(client, 'clip/'), []);
    } finally {
      await viewer.close();
      dynamo.destroy();
    }
  });

  it('turns a folder upload into frames numbered from 0 and capture.json, which the stack completes; the list and the detail show it', async () => {
    const frames = [2, 10, 1].map((n) => ({ name: `shot ${n}.jpg`, bytes: makeJpeg(64, 48, n) }));

    const answer = await postUpload(running.viewer, 'cams/uploaded', frames, 12.5);
    const again = await postUpload(running.viewer, 'cams/uploaded', frames);
    const listed = await waitFor(async () => {
      const videos = (await (await fetch(`${running.viewer}/api/videos`)).json()) as Array<{ videoId: string; state: string; processedFrames: number; totalFrames: number; totalSource: string }>;
      return videos.find((video) => video.videoId === 'cams/uploaded' && video.state === 'complete');
    }, () => 'cams/uploaded never listed as complete');
    const detail = (await (await fetch(`${running.viewer}/api/video?id=cams%2Fuploaded`)).json()) as { frames: unknown[]; record: { frameRate: number; totalFrames: number } };

    assert.deepEqual([answer.status, answer.body], [201, { videoId: 'cams/uploaded', frames: 3, frameRate: 12.5 }]);
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.match(String(again.body.error), /^cams\/uploaded: raw-frames\/cams\/uploaded\/ already holds objects/);
    assert.deepEqual(await keysUnder(client, 'cams/uploaded/'), ['cams/uploaded/capture.json', 'cams/uploaded/frame.0000000.jpg', 'cams/uploaded/frame.0000001.jpg', 'cams/uploaded/frame.0000002.jpg']);
    const first = await fetch(`${running.viewer}/s3/${INPUT_BUCKET}/cams/uploaded/frame.0000000.jpg`);
    assert.deepEqual(Buffer.from(await first.arrayBuffer()), frames[2].bytes); // "shot 1" sorts first: numbers by value
    assert.deepEqual([listed.processedFrames, listed.totalFrames, listed.totalSource], [3, 3, 'manifest']);
    assert.deepEqual(detail.frames, [0, 1, 2].map((index) => ({ index, key: `cams/uploaded/frame.000000${index}.jpg` })));
    assert.deepEqual([detail.record.frameRate, detail.record.totalFrames], [12.5, 3]);
  });

  it('lists a video without progress as stalled, with the reason', async () => {
    for (const n of [0, 1]) await client.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: `stalling/frame.000000${n}.jpg`, Body: makeJpeg(40, 30, n) }));

    const listed = await waitFor(async () => {
      const videos = (await (await fetch(`${running.viewer}/api/videos`)).json()) as Array<{ videoId: string; state: string; processedFrames: number; stalled?: { reason: string } }>;
      return videos.find((video) => video.videoId === 'stalling' && video.stalled);
    }, () => 'stalling never listed as stalled');

    assert.deepEqual([listed.state, listed.processedFrames], ['waiting-for-total', 2]);
    assert.match(listed.stalled!.reason, /^waiting for a total \(no capture.json, MediaConvert total or TotalFrames\); no progress for \d+ s$/);
  });
});
