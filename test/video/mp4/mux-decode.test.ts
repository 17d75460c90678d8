import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { muxMp4 } from '../../../src/video/mp4/mux';
import { toFrameRate } from '../../../src/video/mp4/timing';
import { readFrameIndex } from '../../support/index-frames';
import { decodeGreyFrames, probeVideo } from '../../support/media-probe';
import { encodeWithX264 } from '../../support/x264';

describe('muxed MP4s read by ffprobe and ffmpeg', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mp4-mux-'));
  });
  after(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const cases = [
    { rate: '30', fraction: '30/1', seconds: 40 / 30 },
    { rate: '30000/1001', fraction: '30000/1001', seconds: (40 * 1001) / 30000 },
    { rate: '25', fraction: '25/1', seconds: 40 / 25 },
  ];
  for (const { rate, fraction, seconds } of cases) {
    it(`${rate} fps: h264, 40 frames counted by decoding, exact rate and duration, keyframes every 12, frames in order`, async () => {
      const width = 160;
      const height = 96;
      const stream = await encodeWithX264({ width, height, frameCount: 40, frameRate: rate, keyframeInterval: 12 });
      const [numerator, denominator = 1] = rate.split('/').map(Number);
      const path = join(directory, `rate-${numerator}.mp4`);

      const { bytes } = muxMp4({ parameterSets: stream.parameterSets, frameRate: toFrameRate({ numerator, denominator }) }, stream.samples);
      await writeFile(path, bytes);

      const probed = await probeVideo(path);
      assert.deepEqual([probed.codec, probed.profile, probed.width, probed.height], ['h264', 'High', width, height]);
      assert.deepEqual([probed.frameCount, probed.packetCount], [40, 40]);
      assert.deepEqual([probed.avgFrameRate, probed.rFrameRate], [fraction, fraction]);
      assert.ok(Math.abs(probed.duration - seconds) < 1e-6, `duration ${probed.duration} vs ${seconds}`);
      assert.ok(Math.abs(probed.formatDuration - seconds) < 1e-3, `format duration ${probed.formatDuration} vs ${seconds}`);
      const frameSeconds = denominator / numerator;
      assert.deepEqual(probed.keyframeTimes.map((time) => Math.round(time / frameSeconds)), [0, 12, 24, 36]);
      const frames = await decodeGreyFrames(path, width, height);
      assert.deepEqual(frames.map((frame) => readFrameIndex(frame, width, height)), Array.from({ length: 40 }, (_, i) => i));
    });
  }

  it('Baseline profile, and a size that is not a multiple of 16 (the SPS crops it: 170x102)', async () => {
    for (const [width, height, profile] of [[320, 240, 'baseline'], [170, 102, 'high']] as const) {
      const stream = await encodeWithX264({ width, height, frameCount: 5, profile });
      const path = join(directory, `${profile}-${width}.mp4`);

      await writeFile(path, muxMp4({ parameterSets: stream.parameterSets, frameRate: toFrameRate(30) }, stream.samples).bytes);

      const probed = await probeVideo(path);
      assert.deepEqual([probed.width, probed.height, probed.frameCount], [width, height, 5]);
      const frames = await decodeGreyFrames(path, width, height);
      assert.deepEqual(frames.map((frame) => readFrameIndex(frame, width, height)), [0, 1, 2, 3, 4]);
    }
  });

  it('a video of one frame', async () => {
    const stream = await encodeWithX264({ width: 160, height: 96, frameCount: 1, firstFrame: 321 });
    const path = join(directory, 'one.mp4');

    await writeFile(path, muxMp4({ parameterSets: stream.parameterSets, frameRate: toFrameRate(30) }, stream.samples).bytes);

    const probed = await probeVideo(path);
    assert.deepEqual([probed.frameCount, probed.keyframeTimes], [1, [0]]);
    assert.ok(Math.abs(probed.duration - 1 / 30) < 1e-6);
    assert.deepEqual((await decodeGreyFrames(path, 160, 96)).map((frame) => readFrameIndex(frame, 160, 96)), [321]);
  });
});
