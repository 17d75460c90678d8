// The stitch functions' settings, read once at cold start: the defaults, the function names each
// task kind is invoked on, and a bad value refused with a ConfigError naming the variable, also by
// the real entry point module (the cold start fails, as Lambda would report it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError } from '../../../src/core/errors';
import { readStitchFunctionConfig } from '../../../src/lambda/stitch/function-config';
import { STITCH_DEFAULTS } from '../../../src/video/stitch';

const ENV = { TRACKING_TABLE: 'frame-tracking', OUTPUT_BUCKET: 'processed-frames', STITCH_PLAN_FUNCTION: 'fp-prod-stitchPlan', STITCH_WORKER_FUNCTION: 'fp-prod-stitchWorker' };

function refusal(env: Record<string, string>): ConfigError {
  try {
    readStitchFunctionConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('the settings were accepted');
}

describe('stitch functions: settings read once at cold start', () => {
  it('defaults to 300 frames per segment and QP 28; segments and joins go to the worker, plans to the planner', () => {
    const config = readStitchFunctionConfig(ENV);

    assert.deepEqual(config.settings, STITCH_DEFAULTS);
    assert.deepEqual(config.functions, { plan: 'fp-prod-stitchPlan', segment: 'fp-prod-stitchWorker', join: 'fp-prod-stitchWorker' });
    assert.deepEqual([config.tracking.tableName, config.outputBucket], ['frame-tracking', 'processed-frames']);
    assert.deepEqual(readStitchFunctionConfig({ ...ENV, STITCH_SEGMENT_FRAMES: '60', STITCH_QP: '20' }).settings, { segmentFrames: 60, qp: 20 });
  });

  const bad: Array<[string, string]> = [
    ['STITCH_SEGMENT_FRAMES', '0'],
    ['STITCH_SEGMENT_FRAMES', 'ten'],
    ['STITCH_SEGMENT_FRAMES', '2.5'],
    ['STITCH_QP', '52'],
    ['STITCH_PLAN_FUNCTION', ''],
    ['STITCH_WORKER_FUNCTION', 'stitch worker'],
    ['TRACKING_TABLE', ''],
    ['OUTPUT_BUCKET', 'Edges'],
  ];
  for (const [variable, value] of bad) {
    it(`refuses ${variable}=${JSON.stringify(value)}, naming the variable`, () => {
      const error = refusal({ ...ENV, [variable]: value });

      assert.equal(error.variable, variable);
      assert.ok(error.message.startsWith(`${variable}=${JSON.stringify(value)}: `), error.message);
    });
  }

  it('fails the cold start of the real worker entry point on a bad STITCH_SEGMENT_FRAMES', function () {
    this.timeout(30_000);

    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', "require('./src/lambda/stitch/worker-handler')"], {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...process.env, ...ENV, STITCH_SEGMENT_FRAMES: 'lots' },
      encoding: 'utf8',
    });

    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /ConfigError: STITCH_SEGMENT_FRAMES="lots": must be an integer/);
  });
});
