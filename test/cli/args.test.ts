// The command line's options, parsed in-process: the same defaults and number rules as the Lambda
// configuration (the CLI run as a user runs it: main.test.ts).
import assert from 'node:assert/strict';
import { ConfigError, UsageError } from '../../src/core/errors';
import { parseCliArgs } from '../../src/cli/args';
import { readConfig } from '../../src/lambda/config';

describe('CLI options', () => {
  it('default to the settings the Lambda function uses when its environment says nothing', () => {
    const cli = parseCliArgs(['a.jpg', '--out', 'x'])!;
    const lambda = readConfig({ OUTPUT_BUCKET: 'processed-frames' });
    assert.deepEqual([cli.blurModifier, cli.blurMethod, cli.quality, cli.format], [lambda.blurModifier, lambda.blurMethod, lambda.quality, lambda.format]);
  });

  it('accept and refuse the same blur modifiers and qualities as the Lambda configuration', () => {
    const texts = ['0', '1', '2.5', '8', '12', '13', '46', '47', '100', '1e1', '-1', '0x10', ' 8', '75.5', '101', 'lots'];
    for (const text of texts) {
      for (const method of ['fast', 'exact']) {
        const cliBlur = attempt(() => parseCliArgs(['a.jpg', '--out', 'x', '--blur-modifier', text, '--blur-method', method])!.blurModifier);
        const lambdaBlur = attempt(() => readConfig({ OUTPUT_BUCKET: 'processed-frames', BLUR_MODIFIER: text, BLUR_METHOD: method }).blurModifier);
        assert.equal(cliBlur, lambdaBlur, `blur modifier ${JSON.stringify(text)} ${method}`);
      }
      const cliQuality = attempt(() => parseCliArgs(['a.jpg', '--out', 'x', '--quality', text])!.quality);
      const lambdaQuality = attempt(() => readConfig({ OUTPUT_BUCKET: 'processed-frames', JPEG_QUALITY: text }).quality);
      assert.equal(cliQuality, lambdaQuality, `quality ${JSON.stringify(text)}`);
    }
    assert.equal(attempt(() => parseCliArgs(['a.jpg', '--out', 'x', '--quality', '0x10'])), undefined);
  });

  it('accept the same blur methods as the Lambda configuration, fast when none is given', () => {
    for (const text of ['fast', 'exact', 'FAST', 'slow', '']) {
      const cli = attempt(() => parseCliArgs(['a.jpg', '--out', 'x', '--blur-method', text])!.blurMethod);
      const lambda = attempt(() => readConfig({ OUTPUT_BUCKET: 'processed-frames', BLUR_METHOD: text }).blurMethod);
      if (text !== '') assert.equal(cli, lambda, JSON.stringify(text));
    }
    assert.equal(parseCliArgs(['a.jpg', '--out', 'x'])!.blurMethod, 'fast');
  });

  it('return null for --help', () => {
    assert.equal(parseCliArgs(['--help']), null);
  });
});

/** The value, or undefined when the settings are refused. */
function attempt<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) return undefined;
    throw error;
  }
}
