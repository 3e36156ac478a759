import { ms } from "../round.js";
import type { Percentiles } from "../types.js";
import type { HistCell } from "./pass-scan.js";

/** One merged histogram bucket: its value (largest sample in it) and how many samples fell in it. */
export interface Bucket {
  v: number;
  n: number;
}

/** The quantiles every distribution reports. */
export const QUANTILES = Object.freeze({ p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999 });

/**
 * Merges histogram cells (of any time buckets) into one histogram sorted by
 * value: counts add, and a bucket's value is the largest sample in it.
 */
export function mergeCells(cells: readonly HistCell[]): Bucket[] {
  const byK = new Map<number, Bucket>();
  for (const [, k, n, max] of cells) {
    const b = byK.get(k);
    if (b) {
      b.n += n;
      if (max > b.v) b.v = max;
    } else byK.set(k, { v: max, n });
  }
  return [...byK.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

/**
 * Nearest-rank quantile of a merged histogram: the bucket whose cumulative
 * count first reaches ceil(q * n). Buckets must be sorted by value.
 */
export function quantile(buckets: readonly Bucket[], total: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const b of buckets) {
    seen += b.n;
    if (seen >= rank) return b.v;
  }
  return buckets.length ? buckets[buckets.length - 1]!.v : NaN;
}

/** Percentiles of merged histogram cells; the max is exact (the largest sample of the last bucket). */
export function percentilesOf(cells: readonly HistCell[]): Percentiles | null {
  const buckets = mergeCells(cells);
  const count = buckets.reduce((s, b) => s + b.n, 0);
  if (count === 0) return null;
  return {
    count,
    p50: ms(quantile(buckets, count, QUANTILES.p50)),
    p90: ms(quantile(buckets, count, QUANTILES.p90)),
    p99: ms(quantile(buckets, count, QUANTILES.p99)),
    p999: ms(quantile(buckets, count, QUANTILES.p999)),
    max: ms(buckets[buckets.length - 1]!.v),
  };
}
