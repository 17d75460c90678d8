// `frame-processor video` on files, run as a user runs it: a folder of real frames in, an MP4 out.
// The video is byte for byte the one the deployed stitch makes of the same frames (the edge maps
// the frame function writes, segments of 300 frames, fills for frames without an edge map), whatever
// the threads and parts; ffprobe and ffmpeg read it. Fills and failures are named, refusals leave
// nothing behind, --dump-yuv is what ffmpeg decodes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processFrame } from '../../../src/core/pipeline';
import { FRAME_DEFAULTS } from '../../../src/core/settings';
import { DEFAULT_QP } from '../../../src/video/h264';
import { runCli, stderrLines, tempFolder } from '../../support/cli';
import { probeVideo } from '../../support/media-probe';
import { decodeLuma, dumpPictures, frameName, movingFrames, PHOTO_1080P, writeVideoFrames } from '../../support/moving-frames';
import { referenceEdgeVideo } from '../../support/stitch-frames';

const FRAMES = 24;
const summary = (fields: string) => new RegExp(`^video: .+, frames: ${fields}, seconds: [\\d.]+, frames/s: [\\d.]+\\n$`);

/** The frame function's edge map of each frame (undefined stays undefined: no edge map). */
const edgeMaps = (frames: readonly (Uint8Array | undefined)[]) => frames.map((frame) => frame && processFrame(frame, FRAME_DEFAULTS).bytes);

describe('frame-processor video: a folder of frames to an MP4 file', function () {
  this.timeout(60_000);
  let dir: string;
  let frames: Buffer[];
  let input: string;
  before(async () => {
    dir = tempFolder('fp-video-files-');
    frames = await movingFrames(PHOTO_1080P, 162, 92, FRAMES, { dx: 3, dy: 2 });
    input = writeVideoFrames(join(dir, 'clip'), frames);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const video = (...args: string[]) => runCli(['video', ...args], { timeoutMs: 50_000 });
  const leftIn = (folder: string) => readdirSync(folder).sort();

  it('makes the stitch\'s video of the frames, byte for byte, in parts on several threads or on one', async () => {
    const out = join(dir, 'fast', 'edges.mp4');
    const run = video(input, '--out', out, '--fps', '5', '--concurrency', '2');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, summary(`${FRAMES}, filled: 0, failed: 0, size: 160x90, fps: 5/1, bytes: \\d+`));
    // At 5 frames/s an IDR comes every 10 frames: three parts, encoded on two threads.
    assert.deepEqual(readFileSync(out), Buffer.from(referenceEdgeVideo(edgeMaps(frames), 300, DEFAULT_QP, 5)));
    assert.deepEqual(leftIn(join(dir, 'fast')), ['edges.mp4']);
    const probed = await probeVideo(out);
    assert.deepEqual([probed.codec, probed.width, probed.height, probed.frameCount, probed.rFrameRate], ['h264', 160, 90, FRAMES, '5/1']);
    assert.deepEqual(probed.keyframeTimes, [0, 2, 4]);

    const single = join(dir, 'single.mp4');
    assert.equal(video(input, '--out', single, '--concurrency', '1').code, 0);
    assert.deepEqual(readFileSync(single), Buffer.from(referenceEdgeVideo(edgeMaps(frames), 300, DEFAULT_QP, 30)));
  });

  it('frames numbered from 1 (ffmpeg\'s default) make the same video as from 0, with capture.json or without', () => {
    const folder = join(dir, 'from-one');
    writeVideoFrames(folder, []);
    frames.forEach((frame, i) => writeFileSync(join(folder, frameName(i + 1)), frame));
    const zeroBased = join(dir, 'zero-based.mp4');
    assert.equal(video(input, '--out', zeroBased).code, 0);
    const out = join(dir, 'one-based.mp4');
    const run = video(folder, '--out', out);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(readFileSync(out), readFileSync(zeroBased));
    writeFileSync(join(folder, 'capture.json'), JSON.stringify({ totalFrames: FRAMES }));
    assert.equal(video(folder, '--out', out).code, 0);
    assert.deepEqual(readFileSync(out), readFileSync(zeroBased));
  });

  it('--edge-maps: the frame command\'s JPEG edge maps make the same video as the frames; its PNG ones, the stitch\'s video of them', () => {
    const fromFrames = join(dir, 'from-frames.mp4');
    assert.equal(video(input, '--out', fromFrames).code, 0);
    for (const format of ['jpeg', 'png']) {
      const maps = join(dir, `maps-${format}`);
      assert.equal(runCli([input, '--out', maps, '--format', format]).code, 0);
      const out = join(dir, `from-${format}.mp4`);
      const run = video(maps, '--edge-maps', '--out', out);
      assert.equal(run.code, 0, run.stderr);
      const files = leftIn(maps).map((name) => readFileSync(join(maps, name)));
      assert.deepEqual(readFileSync(out), Buffer.from(referenceEdgeVideo(files, 300, DEFAULT_QP)), format);
      if (format === 'jpeg') assert.deepEqual(readFileSync(out), readFileSync(fromFrames));
    }
  });

  it('takes the total and the frame rate from capture.json beside the frames; --fps wins over its rate', async () => {
    const folder = writeVideoFrames(join(dir, 'captured'), frames);
    writeFileSync(join(folder, 'capture.json'), JSON.stringify({ totalFrames: FRAMES + 2, frameRate: 12.5 }));
    const out = join(dir, 'captured.mp4');
    const run = video(folder, '--out', out);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(stderrLines(run), [`frame-processor: frames ${FRAMES}..${FRAMES + 1} show frame ${FRAMES - 1}'s edge map (they have none: 2 missing)`]);
    assert.match(run.stdout, summary(`${FRAMES + 2}, filled: 2, failed: 0, size: 160x90, fps: 25/2, bytes: \\d+`));
    assert.deepEqual(readFileSync(out), Buffer.from(referenceEdgeVideo(edgeMaps([...frames, undefined, undefined]), 300, DEFAULT_QP, 12.5)));
    assert.equal((await probeVideo(out)).rFrameRate, '25/2');

    assert.equal(video(folder, '--out', out, '--fps', '29.97').code, 1);
    assert.equal((await probeVideo(out)).rFrameRate, '30000/1001');
  });

  it('fills missing and failed frames as the stitch fills them, names each failure and fill, writes the video, exits 1', () => {
    const broken: (Buffer | undefined)[] = [...frames];
    broken[0] = broken[1] = undefined;
    const folder = writeVideoFrames(join(dir, 'broken'), broken);
    writeFileSync(join(folder, frameName(7)), 'not a frame');
    writeFileSync(join(folder, frameName(12)), frames[12].subarray(0, 2000));
    const out = join(dir, 'broken.mp4');
    const run = video(folder, '--out', out, '--fps', '5', '-j', '2');
    assert.equal(run.code, 1, run.stderr);
    const lines = stderrLines(run);
    assert.deepEqual(lines.slice(0, 2).sort(), [
      `frame-processor: ${join(folder, frameName(12))}: truncated: the data ends inside scan 1 (no end-of-image marker)`,
      `frame-processor: ${join(folder, frameName(7))}: not a JPEG (starts with 0x6E6F7420 instead of the SOI marker 0xFFD8)`,
    ].sort());
    assert.deepEqual(lines.slice(2), [
      'frame-processor: frames 0..1 show frame 2\'s edge map (they have none: 2 missing)',
      'frame-processor: frame 7 shows frame 6\'s edge map (it has none: failed)',
      'frame-processor: frame 12 shows frame 11\'s edge map (it has none: failed)',
    ]);
    assert.match(run.stdout, summary(`${FRAMES}, filled: 4, failed: 2, size: 160x90, fps: 5/1, bytes: \\d+`));
    const expected = edgeMaps(frames.map((frame, index) => ([0, 1, 7, 12].includes(index) ? undefined : frame)));
    assert.deepEqual(readFileSync(out), Buffer.from(referenceEdgeVideo(expected, 300, DEFAULT_QP, 5)));
  });

  it('--dump-yuv writes what ffmpeg decodes, picture for picture, also for odd edge maps (coded and shown one pixel larger)', async () => {
    const odd = await movingFrames(PHOTO_1080P, 163, 93, 12, { dx: -2, dy: 3 });
    const folder = writeVideoFrames(join(dir, 'odd'), odd);
    const [out, dump] = [join(dir, 'odd.mp4'), join(dir, 'odd.yuv')];
    const run = video(folder, '--out', out, '--dump-yuv', dump, '--fps', '5');
    assert.equal(run.code, 0, run.stderr);
    const dumped = dumpPictures(readFileSync(dump), 162, 92);
    assert.equal(dumped.length, 12);
    assert.deepEqual(dumped, decodeLuma(out, 162, 92));
  });

  describe('no video: exit 1, the reason, nothing left behind', () => {
    const refused = (folder: string, args: string[], reason: string) => {
      const out = join(dir, 'refused', 'edges.mp4');
      const run = video(folder, '--out', out, '--dump-yuv', join(dir, 'refused', 'edges.yuv'), ...args);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(stderrLines(run).at(-1), `frame-processor: no edge video: ${reason}`);
      assert.match(run.stdout, /^video: none, frames: \d+, /);
      assert.deepEqual(leftIn(join(dir, 'refused')), []);
    };

    it('an edge map that cannot be read, as the stitch refuses it', () => {
      const folder = writeVideoFrames(join(dir, 'bad-map'), edgeMaps(frames.slice(0, 6)));
      writeFileSync(join(folder, frameName(3)), 'garbage');
      refused(folder, ['--edge-maps'], `frame 3: ${join(folder, frameName(3))}: cannot be read as a JPEG or PNG: NotAJpegError: not a JPEG (starts with 0x67617262 instead of the SOI marker 0xFFD8)`);
    });

    it('frames that change size partway', async () => {
      const bigger = await movingFrames(PHOTO_1080P, 172, 92, 1, { dx: 0, dy: 0 });
      const folder = writeVideoFrames(join(dir, 'resized'), [...frames.slice(0, 5), bigger[0], frames[6]]);
      refused(folder, [], `the frames change size partway: frame 5 (${join(folder, frameName(5))}) is 170x90, the first frame is 160x90`);
    });

    it('every frame failed', () => {
      const folder = join(dir, 'all-failed');
      writeVideoFrames(folder, [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]);
      refused(folder, [], 'none of its 3 frames has an edge map: every frame failed or is missing');
    });
  });
});
