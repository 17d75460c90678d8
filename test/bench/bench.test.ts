// `npm run bench` runs from a fresh clone and reports every figure it promises (a smoke run; no timing
// is asserted: speed claims come from the benchmark itself, run on a quiet machine).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertFreshBuild } from '../support/build-freshness';

const BENCH = join(__dirname, '..', '..', 'dist', 'bench', 'bench.js');

describe('npm run bench (smoke run, 720p, --json)', () => {
  before(() => assertFreshBuild('dist'));

  it("reports stages, cold start, peak RSS, CLI throughput, what per-video tracking adds, the edge video's figures and each function's init", function () {
    this.timeout(300_000);
    const args = ['--runs', '2', '--ref-runs', '1', '--sizes', '720p', '--cold-runs', '1', '--cli-frames', '2', '--tracking-frames', '8', '--video-frames', '3', '--video-runs', '1', '--json'];
    const run = spawnSync(process.execPath, [BENCH, ...args], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    const [size] = report.sizes;
    assert.equal(size.size, '720p');
    assert.equal(size.frame.synthetic, false);
    for (const stage of ['decodeMs', 'kernelMs', 'encodeMs', 'totalMs']) {
      assert.ok(size.pipelines.fast[stage] > 0 && size.pipelines.exact[stage] > 0, `pipeline ${stage}`);
      assert.ok(size.reference[stage] > 0, `reference ${stage}`);
    }
    assert.deepEqual([size.pipelines.fast.reduction, size.pipelines.exact.reduction], [1, 1], '720p stays on the full grid');
    assert.ok(size.kernelOnly.wasmMs > 0 && size.encoder.oursMs > 0);
    assert.match(report.peers.sharp, /^ran/);
    for (const method of ['fast', 'exact']) {
      assert.ok(size.coldStart[method].compileInstantiateMs > 0 && size.coldStart[method].firstFrameMs > 0, method);
      assert.ok(size.peakRss[method].peakMB > 0, method);
    }
    assert.deepEqual(report.cli.result.map((r: { concurrency: number }) => r.concurrency), [1, 2]);
    for (const r of report.cli.result) assert.ok(r.framesPerSecond > 0);
    assert.deepEqual([report.cliS3.result.frames, report.cliS3.result.skipRun.skipped], [2, 2]);
    assert.ok(report.cliS3.result.s3FramesPerSecond > 0 && report.cliS3.result.filesFramesPerSecond > 0);
    const tracking = report.tracking.result;
    assert.ok(report.tracking.ran && tracking.frames === 8 && tracking.baselineMsPerFrame > 0 && tracking.trackedMsPerFrame > 0 && tracking.trackingCallMs.median > 0);
    // Eight frames of one video: one UpdateItem each, and per video about a dozen (its chunk's and
    // group's registration, the numbering, the edge's bounds, the completion, the outbox cleared)
    // and two BatchGetItems (the completion reading its edge chunk and registered groups).
    assert.ok(tracking.byCommand.UpdateItemCommand >= 8 + 8 && tracking.byCommand.UpdateItemCommand <= 8 + 16, JSON.stringify(tracking.byCommand));
    assert.ok((tracking.byCommand.BatchGetItemCommand ?? 0) <= 3, JSON.stringify(tracking.byCommand));
    // The H.264 and stitch benches' own reports, run with the frames and runs asked for.
    const { h264, stitch } = report.video;
    assert.ok(h264.ran, h264.reason);
    assert.deepEqual([h264.result.sizes[0].sequences[0].frames, h264.result.runs, h264.result.x264Runs], [3, 1, 1]);
    assert.ok(h264.result.sizes[0].sequences.every((s: { ours: { cpuFramesPerSecond: number } }) => s.ours.cpuFramesPerSecond > 0));
    assert.ok(stitch.ran, stitch.reason);
    assert.deepEqual([stitch.result.encode.frames, stitch.result.local.frames, stitch.result.local.runs.length], [3, 3, 1]);
    assert.ok(stitch.result.encode.framesPerSecondPerVcpu > 0 && stitch.result.estimate.wallMs > 0);
    // Every function's packaged bundle loaded in fresh processes, as deployed and with source maps.
    const init = report.functionInit;
    assert.ok(init.ran, init.reason);
    assert.deepEqual(init.result.functions.map((f: { name: string }) => f.name).sort(), [
      'adoptTableTotals', 'processFrame', 'recordFailedFrames', 'recordManifest', 'recordMediaConvertTotal', 'stitchPlan', 'stitchWorker', 'sweepStitches', 'sweepVideos',
    ]);
    for (const f of init.result.functions) assert.ok(f.deployed.loadCpuMs > 0 && f.sourceMaps.readyMs > 0 && f.bundleBytes > 0, f.name);
  });

  it('skips the edge video figures with --no-video, saying so', function () {
    this.timeout(240_000);
    const args = ['--runs', '1', '--ref-runs', '1', '--sizes', '720p', '--cold-runs', '1', '--cli-frames', '0', '--tracking-frames', '0', '--no-video'];
    const run = spawnSync(process.execPath, [BENCH, ...args], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^H\.264 encoder: skipped \(--no-video\)$/m);
    assert.match(run.stdout, /^edge video stitch: skipped \(--no-video\)$/m);
    assert.match(run.stdout, /^function init: the packaged bundle's handler required in a fresh process/m);
  });
});
