// The function's limits follow its memory (AWS_LAMBDA_FUNCTION_MEMORY_SIZE): MAX_PIXELS and the
// jpeg-js budget are derived from it, a MAX_PIXELS that cannot fit fails the cold start, and a
// frame over the derived jpeg-js budget is refused before it is decoded.
import assert from 'node:assert/strict';
import { ConfigError, LimitExceededError } from '../../src/core/errors';
import { processFrame } from '../../src/core/pipeline';
import { readConfig } from '../../src/lambda/config';
import { jpegJsPeakBytes } from '../../src/jpeg/jpeg-js-memory';
import { flatProgressiveJpeg } from '../support/jpeg-writer';

const MiB = 2 ** 20;
const env = (memoryMB: string, more: Record<string, string> = {}) => ({ OUTPUT_BUCKET: 'processed-frames', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: memoryMB, ...more });

function refusal(vars: Record<string, string>): ConfigError {
  try {
    readConfig(vars);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  return assert.fail('the configuration should have been refused');
}

describe('config: limits follow the function memory', () => {
  it('keeps a 1024 MB function within 85% of its memory, with both kinds of frame in one container', () => {
    const { limits } = readConfig(env('1024'));

    assert.equal(limits.maxPixels, 40_000_000);
    const largestBaseline = limits.maxInputBytes + 5 * limits.maxPixels; // over the process's own, which the jpeg-js model counts
    assert.equal(limits.maxJpegJsBytes + largestBaseline, Math.floor(1024 * MiB * 0.85));
    const progressive4k = jpegJsPeakBytes({ width: 3840, height: 2160, sampling: [[1, 1], [1, 1], [1, 1]] });
    assert.ok(limits.maxJpegJsBytes > progressive4k, 'a 4K progressive 4:4:4 frame still fits');
  });

  it('lowers the default MAX_PIXELS on a small function, and the jpeg-js budget with it', () => {
    const small = readConfig(env('512')).limits;
    const tiny = readConfig(env('256')).limits;

    assert.equal(small.maxPixels, 28_437_381);
    assert.ok(tiny.maxPixels > 1920 * 1080 && tiny.maxPixels < 3840 * 2160, String(tiny.maxPixels));
    assert.ok(tiny.maxJpegJsBytes < small.maxJpegJsBytes && small.maxJpegJsBytes < 512 * MiB);
  });

  it('refuses at cold start a MAX_PIXELS the memory cannot hold, saying what fits', () => {
    const ceiling = 2 * readConfig(env('1024')).limits.maxPixels;
    const fits = readConfig(env('512', { MAX_PIXELS: '56874762' })).limits;

    const error = refusal(env('1024', { MAX_PIXELS: '250000000' }));
    const justOver = refusal(env('512', { MAX_PIXELS: '56874763' }));

    assert.ok(ceiling < 250_000_000);
    assert.equal(fits.maxPixels, 56_874_762);
    assert.equal(error.variable, 'MAX_PIXELS');
    assert.match(error.message, /^MAX_PIXELS="250000000": cannot fit: a frame that large needs about 1356 MB at its peak, but a 1024 MB function \(AWS_LAMBDA_FUNCTION_MEMORY_SIZE\) holds .* frames of at most 148142817 pixels/);
    assert.equal(justOver.variable, 'MAX_PIXELS');
  });

  it('refuses a memory size too small for any frame, naming the variable to change', () => {
    const byDefault = refusal(env('128'));
    const bySetting = refusal(env('128', { MAX_INPUT_BYTES: String(64 * MiB) }));
    const smallInputs = readConfig(env('128', { MAX_INPUT_BYTES: String(MiB) })).limits;

    assert.equal(byDefault.variable, 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE');
    assert.match(byDefault.message, /too little memory for any frame/);
    assert.equal(bySetting.variable, 'MAX_INPUT_BYTES');
    assert.ok(smallInputs.maxPixels > 640 * 480, String(smallInputs.maxPixels));
  });

  for (const bad of ['1 GB', '64', '1024.5', '-1']) {
    it(`refuses AWS_LAMBDA_FUNCTION_MEMORY_SIZE=${JSON.stringify(bad)}`, () => {
      assert.equal(refusal(env(bad)).variable, 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE');
    });
  }

  it('refuses, before decoding, a progressive frame over the jpeg-js budget of a 512 MB function', () => {
    const { limits } = readConfig(env('512'));
    const jpeg = flatProgressiveJpeg({ width: 3200, height: 1800, components: 3 }); // ~291 MB by the model

    assert.throws(
      () => processFrame(jpeg, { blurModifier: 8, quality: 75, format: 'raw', limits, source: 'p/frame.jpg' }),
      (error: unknown) => error instanceof LimitExceededError && /^p\/frame\.jpg: a 3200x1800 frame .* needs about 291 MB to decode, over the 236 MB memory budget$/.test(error.message),
    );
  });
});
