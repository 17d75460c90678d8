// `npm run bench:h264` runs from a fresh clone and reports every figure it promises (a smoke run;
// no timing is asserted: speed claims come from the benchmark itself).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { H264BenchResult } from '../../bench/h264-report';
import { assertFreshBuild } from '../support/build-freshness';

const BENCH = join(__dirname, '..', '..', 'dist', 'bench', 'h264.js');

describe('npm run bench:h264 (smoke run, 720p, --json)', () => {
  before(() => assertFreshBuild('dist'));

  it('reports both sequences: speed, bitrate and decoded PSNR, and BD-rate and equal-PSNR ratios against libx264 ultrafast, veryfast and medium', function () {
    this.timeout(240_000);
    const args = ['--frames', '4', '--runs', '1', '--x264-runs', '1', '--sizes', '720p', '--qps', '24,28,32,36', '--json'];
    const run = spawnSync(process.execPath, [BENCH, ...args], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /differs/);
    const result = JSON.parse(run.stdout) as H264BenchResult;
    const sequences = result.sizes[0].sequences;
    assert.deepEqual(sequences.map((s) => s.name), ['pan', 'tilt']);
    for (const s of sequences) {
      assert.deepEqual([s.width, s.height, s.frames], [1278, 718, 4]);
      const ours = s.ours;
      assert.deepEqual(ours.curve.map((p) => p.qp), [24, 28, 32, 36]);
      for (const key of ['cpuFramesPerSecond', 'wallFramesPerSecond', 'megabitsPerSecond'] as const) assert.ok(ours[key] > 0, key);
      assert.ok(ours.timing.idrCpuMs > 0 && ours.timing.pCpuMs > 0);
      assert.equal(ours.target.qp, 28);
      assert.equal(ours.target.psnrOf, 'decoded by ffmpeg');
      assert.ok(ours.target.psnrMin >= 30, `${s.name}: PSNR-Y ${ours.target.psnrMin} dB at the default QP`);
      assert.ok(s.x264.ran, s.x264.ran ? '' : s.x264.reason);
      assert.deepEqual(s.x264.presets.map((p) => p.preset), ['ultrafast', 'veryfast', 'medium']);
      for (const preset of s.x264.presets) {
        assert.ok(preset.curve.length >= 4 && preset.curve.every((p) => p.bytes > 0 && p.psnrMean > 20 && p.cpuSeconds > 0), preset.preset);
        const c = preset.comparison;
        assert.ok(c.bdRateRatio > 0 && c.bitrateRatio > 0 && c.speedRatio > 0, `${s.name} ${preset.preset}: ${JSON.stringify(c)}`);
      }
    }
  });
});
