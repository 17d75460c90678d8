// Indices summarised as ranges ("12-15", "40"), for the record and the stall reason: added in
// ascending order, merged when consecutive, at most `limit` ranges kept while every index is
// counted, so a summary of millions of indices stays a few hundred bytes.

export interface RangeSummary {
  /** Indices in all. */
  count: number;
  /** The first ranges, "a-b" (inclusive) or "a"; fewer than all when `truncated`. */
  ranges: string[];
  truncated: boolean;
}

export const NO_RANGES: RangeSummary = { count: 0, ranges: [], truncated: false };

export class IndexRanges {
  private readonly spans: Array<[number, number]> = [];
  private count = 0;
  private truncated = false;

  constructor(private readonly limit = 100) {}

  /** Adds [lo, hi) (indices ascending across calls). */
  addSpan(lo: number, hi: number): void {
    if (hi <= lo) return;
    this.count += hi - lo;
    const last = this.spans[this.spans.length - 1];
    if (last && last[1] === lo) last[1] = hi;
    else if (this.spans.length < this.limit) this.spans.push([lo, hi]);
    else this.truncated = true;
  }

  add(index: number): void {
    this.addSpan(index, index + 1);
  }

  summary(): RangeSummary {
    const ranges = this.spans.map(([lo, hi]) => (hi - lo === 1 ? String(lo) : `${lo}-${hi - 1}`));
    return { count: this.count, ranges, truncated: this.truncated };
  }
}

/** "12-15, 40 and 3 more ranges" for a sentence. */
export function describeRanges(summary: RangeSummary, shown = 5): string {
  const listed = summary.ranges.slice(0, shown).join(', ');
  const more = summary.ranges.length - shown;
  if (summary.truncated) return `${listed} and more`;
  return more > 0 ? `${listed} and ${more} more range${more === 1 ? '' : 's'}` : listed;
}
