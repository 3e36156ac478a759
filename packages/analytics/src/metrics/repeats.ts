import { repeatedFigureKeys } from "@faultline/contracts";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import { READ_FIGURE } from "../figure-readers.js";
import type { PassSummary, RepeatStat, StrategySummary } from "../types.js";

/** The headline figures summarised over repeats (`overRepeats: "median"` in @faultline/contracts). */
const FIGURES = Object.fromEntries(repeatedFigureKeys().map((k) => [k, READ_FIGURE[k]]));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Median, range and outliers of one figure. A repeat is an outlier when it
 * lies more than `outlierMads` median absolute deviations from the median
 * (a robust rule: one wild run cannot hide itself by inflating the spread).
 */
export function repeatStat(values: Array<{ repeat: number; value: number | null }>): RepeatStat {
  const present = values.filter((v): v is { repeat: number; value: number } => v.value !== null);
  if (present.length === 0) return { median: null, min: null, max: null, outliers: [] };
  const xs = present.map((v) => v.value);
  const med = median(xs);
  const mad = median(xs.map((x) => Math.abs(x - med)));
  const outliers =
    present.length < 3
      ? []
      : present
          .filter((v) => (mad === 0 ? v.value !== med : Math.abs(v.value - med) > ANALYTICS_DEFAULTS.outlierMads * mad))
          .map((v) => v.repeat);
  return { median: Math.round(med * 1e6) / 1e6, min: Math.min(...xs), max: Math.max(...xs), outliers };
}

/** Groups the passes by strategy, in first-seen order, and summarises each figure. */
export function summariseRepeats(passes: PassSummary[]): StrategySummary[] {
  const order = [...new Set(passes.map((p) => p.strategy))];
  return order.map((strategy) => {
    const group = passes.filter((p) => p.strategy === strategy);
    const figures: Record<string, RepeatStat> = {};
    for (const [name, get] of Object.entries(FIGURES))
      figures[name] = repeatStat(group.map((p) => ({ repeat: p.repeat, value: get(p) })));
    return { strategy, repeats: group.length, figures };
  });
}
