// The one number parser behind the Lambda configuration, the CLI options and `npm start`'s options,
// and the frame settings' shared defaults and ranges.
import assert from 'node:assert/strict';
import { BLUR_MODIFIER_RULES, describeRule, FRAME_DEFAULTS, parseNumber, QUALITY_RULE } from '../../src/core/settings';

describe('settings: numbers a user types', () => {
  it('reads decimal notation: signs, fractions and exponents', () => {
    const any = { min: -Infinity };
    for (const [text, value] of [['8', 8], ['+3', 3], ['-1.5', -1.5], ['.5', 0.5], ['2.', 2], ['4e7', 4e7], ['1E-2', 0.01]] as const) {
      assert.equal(parseNumber(text, any), value, text);
    }
  });

  it("refuses what Number() would read but a user did not mean: '', spaces, hexadecimal, binary, separators, Infinity", () => {
    const any = { min: -Infinity };
    for (const text of ['', ' ', ' 8', '8 ', '0x10', '0b11', '0o7', '1_000', 'Infinity', '1e999', 'NaN', '8px', '--1']) {
      assert.equal(parseNumber(text, any), undefined, JSON.stringify(text));
    }
  });

  it('applies the range and wholeness of a rule, and says them in words', () => {
    assert.equal(parseNumber('100', QUALITY_RULE), 100);
    for (const text of ['0', '101', '75.5']) assert.equal(parseNumber(text, QUALITY_RULE), undefined, text);
    assert.equal(parseNumber('0', BLUR_MODIFIER_RULES.exact), 0);
    assert.equal(parseNumber('-0.1', BLUR_MODIFIER_RULES.fast), undefined);
    assert.equal(describeRule(QUALITY_RULE), 'an integer from 1 to 100');
    assert.equal(describeRule(BLUR_MODIFIER_RULES.exact), 'a finite number >= 0 and <= 12');
    assert.equal(describeRule({ min: 0 }), 'a finite number >= 0');
    assert.equal(describeRule({ min: 1, integer: true }), 'an integer >= 1');
  });

  it('keeps its own defaults inside its own ranges', () => {
    for (const rule of Object.values(BLUR_MODIFIER_RULES)) assert.equal(parseNumber(String(FRAME_DEFAULTS.blurModifier), rule), FRAME_DEFAULTS.blurModifier);
    assert.equal(FRAME_DEFAULTS.blurMethod, 'fast');
    assert.equal(parseNumber(String(FRAME_DEFAULTS.quality), QUALITY_RULE), FRAME_DEFAULTS.quality);
  });
});
