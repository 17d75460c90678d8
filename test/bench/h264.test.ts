// `npm run bench:h264` runs from a fresh clone and reports every figure it promises (a smoke run;
// no timing is asserted: speed claims come from the benchmark itself).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertFreshBuild } from '../support/build-freshness';

const BENCH = join(__dirname, '..', '..', 'dist', 'bench', 'h264.js');

describe('npm run bench:h264 (smoke run, 720p, --json)', () => {
  before(() => assertFreshBuild('dist'));

  it('reports speed, bitrate, PSNR of the decoded stream and the libx264 ratios', function () {
    this.timeout(120_000);
    const run = spawnSync(process.execPath, [BENCH, '--frames', '4', '--runs', '1', '--sizes', '720p', '--json'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const [size] = JSON.parse(run.stdout).sizes;
    assert.deepEqual([size.width, size.height, size.frames], [1278, 718, 4]);
    for (const key of ['cpuFramesPerSecond', 'wallFramesPerSecond', 'idrCpuMs', 'pCpuMs', 'bytes', 'megabitsPerSecond']) assert.ok(size.ours[key] > 0, key);
    assert.ok(size.ours.psnrMin >= 30, `PSNR-Y ${size.ours.psnrMin} dB at the default QP`);
    assert.equal(size.ours.psnrOf, 'decoded by ffmpeg');
    assert.doesNotMatch(run.stderr, /differs/);
    assert.equal(size.x264.ran, true, size.x264.reason);
    assert.ok(size.x264.bitrateRatio > 0 && size.x264.speedRatio > 0);
  });
});
