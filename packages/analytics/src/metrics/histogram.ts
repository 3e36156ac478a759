import type Database from "better-sqlite3";
import { ms } from "../round.js";
import type { Percentiles } from "../types.js";

/**
 * SQL that maps a millisecond value to its histogram bucket: 0.1 ms wide below
 * 100 ms, 1 ms below 1 s, 10 ms below 10 s, then 100 ms and 1 s. The relative
 * error stays under 1% (HDR-style, three significant digits), and a run of any
 * length merges into at most a few thousand buckets.
 */
export function bucketSql(expr: string): string {
  return `CASE WHEN (${expr}) < 100 THEN round((${expr}), 1)
    WHEN (${expr}) < 1000 THEN round((${expr}))
    WHEN (${expr}) < 10000 THEN round((${expr}) / 10.0) * 10
    WHEN (${expr}) < 100000 THEN round((${expr}) / 100.0) * 100
    ELSE round((${expr}) / 1000.0) * 1000 END`;
}

/** One histogram bucket: its value and how many samples fell in it. */
export interface Bucket {
  v: number;
  n: number;
}

/** The quantiles every distribution reports. */
export const QUANTILES = Object.freeze({ p50: 0.5, p90: 0.9, p99: 0.99, p999: 0.999 });

/**
 * Nearest-rank quantile of a merged histogram: the smallest bucket whose
 * cumulative count reaches ceil(q * n). Buckets must be sorted by value.
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

/** Percentiles of a histogram, with the exact maximum measured alongside. */
export function percentilesOf(buckets: readonly Bucket[], max: number | null): Percentiles | null {
  const count = buckets.reduce((s, b) => s + b.n, 0);
  if (count === 0 || max === null) return null;
  return {
    count,
    p50: ms(quantile(buckets, count, QUANTILES.p50)),
    p90: ms(quantile(buckets, count, QUANTILES.p90)),
    p99: ms(quantile(buckets, count, QUANTILES.p99)),
    p999: ms(quantile(buckets, count, QUANTILES.p999)),
    max: ms(max),
  };
}

/**
 * Percentiles of `valueExpr` over the rows of `requests` matching `where`:
 * SQLite groups the rows into buckets, JavaScript only walks the bucket list.
 */
export function distribution(db: Database.Database, valueExpr: string, where: string, params: unknown[]): Percentiles | null {
  const rows = db
    .prepare(`SELECT ${bucketSql("x")} AS v, COUNT(*) AS n, MAX(x) AS m FROM (SELECT ${valueExpr} AS x FROM requests WHERE ${where}) WHERE x IS NOT NULL GROUP BY v ORDER BY v`)
    .all(...params) as Array<Bucket & { m: number }>;
  const max = rows.length ? rows[rows.length - 1]!.m : null;
  return percentilesOf(rows, max);
}
