// `frame-processor video` on S3, against a real local S3 server: an S3 prefix of one video's frames
// (capture.json beside them, another video's folder below them) to an S3 object and to a file, a
// folder to an S3 object; the same bytes as the stitch's video every way. Refusals before any work
// (a bucket that is not there) and a refused video (no object written).
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { processFrame } from '../../../src/core/pipeline';
import { FRAME_DEFAULTS } from '../../../src/core/settings';
import { DEFAULT_QP } from '../../../src/video/h264';
import { stderrLines, tempFolder } from '../../support/cli';
import { frameName, movingFrames, PHOTO_1080P, writeVideoFrames } from '../../support/moving-frames';
import { runS3Cli } from '../../support/s3-cli';
import { startTestS3, type TestS3 } from '../../support/s3-server';
import { referenceEdgeVideo } from '../../support/stitch-frames';

const RAW = 'raw-frames';
const OUT = 'processed-frames';
const FRAMES = 14;

describe('frame-processor video on S3 (local S3 server)', function () {
  this.timeout(60_000);
  let s3: TestS3;
  let dir: string;
  let frames: Buffer[];
  let expected: Buffer;
  before(async () => {
    s3 = await startTestS3([RAW, OUT]);
    dir = tempFolder('fp-video-s3-');
    frames = await movingFrames(PHOTO_1080P, 130, 74, FRAMES, { dx: 2, dy: 1 });
    expected = Buffer.from(referenceEdgeVideo(frames.map((frame) => processFrame(frame, FRAME_DEFAULTS).bytes), 300, DEFAULT_QP, 25));
    for (const [index, frame] of frames.entries()) await s3.put(RAW, `cams/north/${frameName(index)}`, frame);
    await s3.put(RAW, 'cams/north/capture.json', JSON.stringify({ totalFrames: FRAMES, frameRate: 25 }), 'application/json');
    await s3.put(RAW, 'cams/north/notes.txt', 'not a frame', 'text/plain');
    await s3.put(RAW, `cams/north/south/${frameName(FRAMES + 5)}`, frames[0]); // another video's frame
  });
  after(async () => {
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const video = (...args: string[]) => runS3Cli(s3, ['video', ...args], 50_000);

  it('an S3 prefix to an S3 object and to a file: the stitch\'s video of its frames, at capture.json\'s rate', async () => {
    const run = await video(`s3://${RAW}/cams/north`, '--out', `s3://${OUT}/cams/north/edges.mp4`, '-j', '2');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, new RegExp(`^video: s3://${OUT}/cams/north/edges\\.mp4, frames: ${FRAMES}, filled: 0, failed: 0, size: 128x72, fps: 25/1, bytes: ${expected.length}, `));
    const object = await s3.get(OUT, 'cams/north/edges.mp4');
    assert.deepEqual(object.body, expected);
    assert.equal(object.contentType, 'video/mp4');
    assert.deepEqual(await s3.keys(OUT), ['cams/north/edges.mp4']);

    const file = join(dir, 'from-s3.mp4');
    assert.equal((await video(`s3://${RAW}/cams/north/`, '--out', file)).code, 0);
    assert.deepEqual(readFileSync(file), expected);
  });

  it('a folder to an S3 object', async () => {
    const folder = writeVideoFrames(join(dir, 'clip'), frames);
    const run = await video(folder, '--out', `s3://${OUT}/from-folder.mp4`, '--fps', '25');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((await s3.get(OUT, 'from-folder.mp4')).body, expected);
  });

  it('refuses before any work a bucket that is not there, for the input or --out', async () => {
    const noOut = await video(`s3://${RAW}/cams/north`, '--out', 's3://no-such-bucket/edges.mp4');
    assert.equal(noOut.code, 2, noOut.stderr);
    assert.match(stderrLines(noOut)[0], /^frame-processor: --out s3:\/\/no-such-bucket\/edges\.mp4: no bucket no-such-bucket \(/);
    const noInput = await video('s3://no-such-bucket/cams', '--out', join(dir, 'x.mp4'));
    assert.equal(noInput.code, 2, noInput.stderr);
    assert.equal(stderrLines(noInput)[0], 'frame-processor: input not found: s3://no-such-bucket/cams (no bucket no-such-bucket)');
  });

  it('a video the stitch would refuse writes no object', async () => {
    await s3.put(RAW, `maps/${frameName(0)}`, processFrame(frames[0], FRAME_DEFAULTS).bytes);
    await s3.put(RAW, `maps/${frameName(1)}`, 'garbage');
    const run = await video(`s3://${RAW}/maps`, '--edge-maps', '--out', `s3://${OUT}/refused/edges.mp4`);
    assert.equal(run.code, 1, run.stderr);
    assert.match(stderrLines(run).at(-1)!, new RegExp(`^frame-processor: no edge video: frame 1: s3://${RAW}/maps/${frameName(1)}: cannot be read as a JPEG or PNG: `));
    assert.equal(await s3.exists(OUT, 'refused/edges.mp4'), false);
  });
});
