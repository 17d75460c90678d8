// `npm run bench` runs from a fresh clone and reports every figure it promises (a smoke run; no timing
// is asserted: speed claims come from the benchmark itself, run on a quiet machine).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertFreshBuild } from '../support/build-freshness';

const BENCH = join(__dirname, '..', '..', 'dist', 'bench', 'bench.js');

describe('npm run bench (smoke run, 720p, --json)', () => {
  before(() => assertFreshBuild('dist'));

  it('reports stages, cold start, peak RSS, CLI throughput and what per-video tracking adds', function () {
    this.timeout(120_000);
    const run = spawnSync(process.execPath, [BENCH, '--runs', '2', '--ref-runs', '1', '--sizes', '720p', '--cold-runs', '1', '--cli-frames', '2', '--tracking-frames', '8', '--json'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const [size] = report.sizes;
    assert.equal(size.size, '720p');
    assert.equal(size.frame.synthetic, false);
    for (const stage of ['decodeMs', 'kernelMs', 'encodeMs', 'totalMs']) {
      assert.ok(size.pipeline[stage] > 0, `pipeline ${stage}`);
      assert.ok(size.reference[stage] > 0, `reference ${stage}`);
    }
    assert.ok(size.kernelOnly.wasmMs > 0 && size.encoder.oursMs > 0);
    assert.match(report.peers.sharp, /^ran/);
    assert.ok(size.coldStart.compileInstantiateMs > 0 && size.coldStart.firstFrameMs > 0);
    assert.ok(size.peakRss.peakMB > 0);
    assert.deepEqual(report.cli.result.map((r: { concurrency: number }) => r.concurrency), [1, 2]);
    for (const r of report.cli.result) assert.ok(r.framesPerSecond > 0);
    const tracking = report.tracking.result;
    assert.ok(report.tracking.ran && tracking.frames === 8 && tracking.baselineMsPerFrame > 0 && tracking.trackedMsPerFrame > 0 && tracking.trackingCallMs.median > 0);
    // Eight frames of one video: one UpdateItem each, one promotion, the completion and the outbox cleared.
    assert.deepEqual(tracking.byCommand, { UpdateItemCommand: 11 });
  });
});
