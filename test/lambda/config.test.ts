import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CONFIG_DEFAULTS, readConfig } from '../../src/lambda/config';
import { ConfigError } from '../../src/core/errors';
import { DEFAULT_LIMITS } from '../../src/core/pipeline';
import { EDGE_VIDEO_OUTBOX } from '../../src/lambda/tracking-config';
import { MEDIACONVERT_FRAME_NAME } from '../../src/tracking/frame-key';
import { STITCH_OUTBOX } from '../../src/video/stitch/state';

const REQUIRED = { OUTPUT_BUCKET: 'processed-frames' };

/** Asserts that `env` is refused with a ConfigError naming `variable` and `value`. */
function assertRefused(env: Record<string, string | undefined>, variable: string, value: string | undefined): void {
  assert.throws(
    () => readConfig(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.variable, variable);
      assert.equal(error.value, value);
      assert.ok(error.message.startsWith(`${variable}=${JSON.stringify(value ?? '')}: `), error.message);
      return true;
    },
  );
}

describe('config: environment read once at cold start', () => {
  it('gives the documented defaults when only OUTPUT_BUCKET is set', () => {
    const config = readConfig(REQUIRED);

    assert.deepEqual(config, {
      outputBucket: 'processed-frames',
      blurModifier: 8,
      blurMethod: 'fast',
      quality: 75,
      format: 'jpeg',
      limits: DEFAULT_LIMITS,
      logLevel: 'INFO',
      forcePathStyle: false,
      cpuShare: 1,
    });
    assert.equal(CONFIG_DEFAULTS.MAX_PIXELS, DEFAULT_LIMITS.maxPixels);
    assert.equal(CONFIG_DEFAULTS.MAX_INPUT_BYTES, DEFAULT_LIMITS.maxInputBytes);
  });

  it('reads every variable', () => {
    const config = readConfig({
      OUTPUT_BUCKET: 'edges.example-1',
      BLUR_MODIFIER: '2.5',
      BLUR_METHOD: 'exact',
      JPEG_QUALITY: '100',
      OUTPUT_FORMAT: 'png',
      MAX_INPUT_BYTES: '1048576',
      MAX_PIXELS: '2073600',
      LOG_LEVEL: 'debug',
      S3_FORCE_PATH_STYLE: 'TRUE',
    });

    assert.deepEqual(config, {
      outputBucket: 'edges.example-1',
      blurModifier: 2.5,
      blurMethod: 'exact',
      quality: 100,
      format: 'png',
      limits: { maxInputBytes: 1048576, maxPixels: 2073600, maxJpegJsBytes: 512 * 2 ** 20 },
      logLevel: 'DEBUG',
      forcePathStyle: true,
      cpuShare: 1,
    });
  });

  it('accepts the boundary values: no blur, quality 1, exponent notation', () => {
    const config = readConfig({ ...REQUIRED, BLUR_MODIFIER: '0', JPEG_QUALITY: '1', MAX_PIXELS: '4e7', S3_FORCE_PATH_STYLE: 'false' });

    assert.equal(config.blurModifier, 0);
    assert.equal(config.quality, 1);
    assert.equal(config.limits.maxPixels, 40_000_000);
    assert.equal(config.forcePathStyle, false);
  });

  it('takes a blur modifier up to 46 in fast mode, up to 12 with BLUR_METHOD=exact, and says which method takes it', () => {
    assert.equal(readConfig({ ...REQUIRED, BLUR_MODIFIER: '46' }).blurModifier, 46);
    assert.equal(readConfig({ ...REQUIRED, BLUR_MODIFIER: '12', BLUR_METHOD: 'exact' }).blurModifier, 12);
    assert.throws(() => readConfig({ ...REQUIRED, BLUR_MODIFIER: '20', BLUR_METHOD: 'exact' }), /^ConfigError: BLUR_MODIFIER="20": must be a finite number >= 0 and <= 12 with BLUR_METHOD=exact \(BLUR_METHOD=fast takes it\)$/);
    assert.throws(() => readConfig({ ...REQUIRED, BLUR_MODIFIER: '47' }), /^ConfigError: BLUR_MODIFIER="47": must be a finite number >= 0 and <= 46 with BLUR_METHOD=fast$/);
  });

  it('treats an empty variable as unset', () => {
    const config = readConfig({ ...REQUIRED, BLUR_MODIFIER: '', BLUR_METHOD: '', JPEG_QUALITY: '', OUTPUT_FORMAT: '' });

    assert.equal(config.blurModifier, 8);
    assert.equal(config.blurMethod, 'fast');
    assert.equal(config.quality, 75);
    assert.equal(config.format, 'jpeg');
  });

  it('turns tracking on with TRACKING_TABLE (and the local events file with TRACKING_EVENTS_FILE)', () => {
    const frameKeys = MEDIACONVERT_FRAME_NAME;
    assert.deepEqual(readConfig({ ...REQUIRED, TRACKING_TABLE: 'frame-processor-prod-tracking' }).tracking, { tableName: 'frame-processor-prod-tracking', frameKeys, blurMethod: 'fast' });
    assert.deepEqual(readConfig({ ...REQUIRED, TRACKING_TABLE: 'jobs.v2_x', TRACKING_EVENTS_FILE: '/data/events.jsonl', BLUR_METHOD: 'exact' }).tracking, { tableName: 'jobs.v2_x', eventsFile: '/data/events.jsonl', frameKeys, blurMethod: 'exact' });
    assert.equal('tracking' in readConfig({ ...REQUIRED, TRACKING_TABLE: '', TRACKING_EVENTS_FILE: '/data/events.jsonl' }), false);
  });

  it('hands published videos on to the stitch planner with EDGE_VIDEO=on (off or unset: the outbox is cleared)', () => {
    const tracked = { ...REQUIRED, TRACKING_TABLE: 'frame-tracking' };
    const frameKeys = MEDIACONVERT_FRAME_NAME;

    assert.deepEqual(readConfig({ ...tracked, EDGE_VIDEO: 'on' }).tracking, { tableName: 'frame-tracking', outboxAfterPublish: STITCH_OUTBOX.plan, frameKeys, blurMethod: 'fast' });
    assert.deepEqual(readConfig({ ...tracked, EDGE_VIDEO: 'off' }).tracking, { tableName: 'frame-tracking', frameKeys, blurMethod: 'fast' });
    assert.deepEqual(readConfig({ ...tracked, EDGE_VIDEO: '' }).tracking, { tableName: 'frame-tracking', frameKeys, blurMethod: 'fast' });
  });

  it('reads FRAME_KEY_PATTERN into the frame rule, and refuses one that is no regular expression with a group', () => {
    const tracked = { ...REQUIRED, TRACKING_TABLE: 'frame-tracking' };
    assert.equal(String(readConfig({ ...tracked, FRAME_KEY_PATTERN: '^frame(\\d+)\\.jpg$' }).tracking?.frameKeys.pattern), '/^frame(\\d+)\\.jpg$/i');
    assert.throws(() => readConfig({ ...tracked, FRAME_KEY_PATTERN: 'frame\\d+' }), (error: unknown) => error instanceof ConfigError && error.variable === 'FRAME_KEY_PATTERN');
    assert.equal(EDGE_VIDEO_OUTBOX, STITCH_OUTBOX.plan);
  });

  it('refuses EDGE_VIDEO=on without TRACKING_TABLE: the edge video starts from a tracked completion', () => {
    assert.throws(() => readConfig({ ...REQUIRED, EDGE_VIDEO: 'on' }), /ConfigError: EDGE_VIDEO="on": needs TRACKING_TABLE/);
    assert.throws(() => readConfig({ ...REQUIRED, EDGE_VIDEO: 'on', TRACKING_TABLE: '' }), (error: unknown) => error instanceof ConfigError && error.variable === 'EDGE_VIDEO');
  });

  it('requires OUTPUT_BUCKET', () => {
    assertRefused({}, 'OUTPUT_BUCKET', undefined);
    assertRefused({ OUTPUT_BUCKET: '' }, 'OUTPUT_BUCKET', '');
  });

  for (const bad of ['Processed', 'ab', 'edges_bucket', '-edges', 'edges-', 'a..b', 's3://edges', 'x'.repeat(64)]) {
    it(`refuses OUTPUT_BUCKET=${JSON.stringify(bad)} (not a bucket name)`, () => {
      assertRefused({ OUTPUT_BUCKET: bad }, 'OUTPUT_BUCKET', bad);
    });
  }

  const refusals: Array<[string, string[]]> = [
    ['BLUR_MODIFIER', ['-1', 'abc', 'NaN', 'Infinity', '1e999', '0x10', ' 8', '8px', '46.01', '1000']],
    ['BLUR_METHOD', ['slow', 'Fast', 'EXACT', 'approximate', '1']],
    ['JPEG_QUALITY', ['0', '101', '75.5', 'high', '-5']],
    ['OUTPUT_FORMAT', ['webp', 'JPEG', 'raw', 'jpg']],
    ['MAX_INPUT_BYTES', ['0', '-1', '1.5', '2e9', 'lots']],
    ['MAX_PIXELS', ['0', '8', '1e12', '3.3']],
    ['LOG_LEVEL', ['verbose', 'inf', '3']],
    ['S3_FORCE_PATH_STYLE', ['yes', '1', 'on']],
    ['EDGE_VIDEO', ['yes', 'ON', 'true', '1']],
    ['TRACKING_TABLE', ['ab', 'frame tracking', 'arn:aws:dynamodb:us-east-1:1:table/t', 'x'.repeat(256)]],
  ];
  for (const [variable, values] of refusals) {
    for (const value of values) {
      it(`refuses ${variable}=${JSON.stringify(value)}, naming the variable and the value`, () => {
        assertRefused({ ...REQUIRED, [variable]: value }, variable, value);
      });
    }
  }

  it('fails the cold start of the real handler module with the ConfigError', function () {
    this.timeout(30_000);
    const env = { ...process.env, OUTPUT_BUCKET: 'processed-frames', BLUR_MODIFIER: 'strong' };

    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', "require('./src/lambda/handler')"], {
      cwd: join(__dirname, '..', '..'),
      env,
      encoding: 'utf8',
    });

    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /ConfigError: BLUR_MODIFIER="strong": must be a finite number >= 0 and <= 46 with BLUR_METHOD=fast/);
  });
});
