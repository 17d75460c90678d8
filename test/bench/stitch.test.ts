// The stitch benchmark runs from a fresh build and reports every figure it promises (a smoke run:
// tiny sizes, no timing asserted), and the request counts of its local stitch are exactly the
// ones its Lambda model charges for.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { assertFreshBuild } from '../support/build-freshness';

const BENCH = join(__dirname, '..', '..', 'dist', 'bench', 'stitch.js');

describe('bench/stitch (smoke run, --json)', () => {
  before(() => assertFreshBuild('dist'));

  it('reports frames/s per vCPU, a local stitch whose requests match the model, and the Lambda estimate', function () {
    this.timeout(120_000);
    const args = ['--encode-frames', '3', '--runs', '1', '--frames', '14', '--segment-frames', '5', '--parallel', '2', '--json'];
    const run = spawnSync(process.execPath, [BENCH, ...args], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.ok(report.encode.framesPerSecondPerVcpu > 0 && report.encode.bitsPerSecond > 0 && report.coldStartMs > 0);
    const [local] = report.local.runs;
    assert.deepEqual(local.segmentMs.length, 3, 'three segments of 5, 5 and 4 frames');
    assert.ok(local.wallMs > 0 && local.bytes > 0);
    const s3 = local.s3 as Record<string, number>;
    const gets = (s3.GetObjectCommand ?? 0) + (s3.HeadObjectCommand ?? 0);
    const puts = ['PutObjectCommand', 'ListObjectsCommand', 'CreateMultipartUploadCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand'].reduce((sum, name) => sum + (s3[name] ?? 0), 0);
    const expected = report.local.expectedRequests;
    assert.deepEqual([gets, puts, local.dynamoReads, local.dynamoWrites], [expected.s3Get, expected.s3Put, expected.dynamoReads, expected.dynamoWrites]);
    assert.equal(report.estimate.segments, 18_000 / 5, 'the estimate uses the same segment length');
    assert.ok(report.estimate.wallMs > 0 && report.estimate.dollars.total > 0);
    assert.deepEqual(report.alternatives.map((row: { segmentFrames: number }) => row.segmentFrames), [60, 150, 300, 600, 1200, 1800]);
  });
});
