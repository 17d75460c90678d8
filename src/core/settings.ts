// The settings a user chooses for a frame (blur modifier, blur method, JPEG quality, output
// format): their defaults and accepted values, shared by the Lambda configuration and the command
// line, and the one strict parser every number a user types goes through.
import type { OutputFormat } from './pipeline';
import type { BlurMethod } from './reduction';

/** What a user gets without choosing: the Lambda configuration and the CLI both start from these. */
export const FRAME_DEFAULTS = { blurModifier: 8, blurMethod: 'fast', quality: 75, format: 'jpeg' } as const;

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['jpeg', 'png'];

/** What a number must be: at least `min`, at most `max` when given, whole when `integer`. */
export interface NumberRule {
  min: number;
  max?: number;
  integer?: boolean;
}

/**
 * sigma = width * height / 3 630 000 * blurModifier; 0 = no blur. The largest modifier depends on
 * the blur method (core/frame-cost.ts says how each is derived): 12 exact, the largest at which an
 * 8K UHD frame's blur stays within MAX_BLUR_WORK, so every accepted setting processes every frame
 * up to 8K in a few seconds; 46 fast, the largest at which an 8K frame's blur on the grid 4 times
 * coarser costs no more than the rest of its frame. Frames over 8K are checked one by one.
 */
export const BLUR_MODIFIER_RULES: Record<BlurMethod, NumberRule> = { exact: { min: 0, max: 12 }, fast: { min: 0, max: 46 } };
/** JPEG quality, as the encoder takes it. */
export const QUALITY_RULE: NumberRule = { integer: true, min: 1, max: 100 };

/** Decimal notation only: what Number() also reads ('', ' 8', '0x10', '1_000') is not a number here. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The number `text` spells if it is decimal, finite and within `rule`; undefined otherwise. */
export function parseNumber(text: string, rule: NumberRule): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  const fits = Number.isFinite(value) && value >= rule.min && (rule.max === undefined || value <= rule.max) && (!rule.integer || Number.isInteger(value));
  return fits ? value : undefined;
}

/** A rule in words, for error messages: "a finite number >= 0 and <= 12", "an integer from 1 to 100". */
export function describeRule(rule: NumberRule): string {
  if (rule.integer) return rule.max === undefined ? `an integer >= ${rule.min}` : `an integer from ${rule.min} to ${rule.max}`;
  return rule.max === undefined ? `a finite number >= ${rule.min}` : `a finite number >= ${rule.min} and <= ${rule.max}`;
}
