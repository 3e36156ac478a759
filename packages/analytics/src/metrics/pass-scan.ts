import type Database from "better-sqlite3";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";

/**
 * Per (time bucket, node, error class) sums of one pass. Every request
 * figure, the per-node throughput and the cost derive from these few rows.
 */
export interface CountRow {
  b: number;
  node: string | null;
  errorClass: string | null;
  n: number;
  ok: number;
  streams: number;
  streamsOk: number;
  completionOk: number;
  wasted: number;
  tokens: number;
}

/** One histogram cell: time bucket, log bucket, count and the largest sample in it. */
export type HistCell = [b: number, k: number, n: number, max: number];

/** What four grouped scans of a pass's requests yield; the report needs nothing else from the table. */
export interface PassScan {
  bucketMs: number;
  counts: CountRow[];
  latency: HistCell[];
  ttft: HistCell[];
  itl: HistCell[];
}

/**
 * SQL of the log bucket of a millisecond value: 1% wide (HDR-like), so a run
 * of any length merges into about a thousand buckets. The value reported for
 * a bucket is the largest sample in it (MAX), an actual measurement within 1%
 * of the exact quantile.
 */
export const logBucketSql = (x: string): string => `CAST(ln(max(${x}, 0) + 1) * 100 AS INTEGER)`;

/** One grouped query of a scan, runnable here or on a worker's connection. */
export interface ScanQuery {
  part: "counts" | "latency" | "ttft" | "itl";
  sql: string;
  params: unknown[];
  raw: boolean;
}

/**
 * The four GROUP BY queries that scan a pass (aggregation stays in SQLite;
 * only grouped rows reach JavaScript). Buckets are availabilityBucketMs wide.
 */
export function scanQueries(pass: PassRow): ScanQuery[] {
  const b = `CAST(scheduled_ms / ${ANALYTICS_DEFAULTS.availabilityBucketMs} AS INTEGER)`;
  const hist = (part: ScanQuery["part"], value: string, where: string, withTime = true): ScanQuery => ({
    part,
    sql: `SELECT ${withTime ? b : "0"} AS b, ${logBucketSql("x")} AS k, COUNT(*) AS n, MAX(x) AS m
          FROM (SELECT scheduled_ms, ${value} AS x FROM requests WHERE pass_id = ? AND ${where}) WHERE x IS NOT NULL GROUP BY 1, 2`,
    params: [pass.id],
    raw: true,
  });
  return [
    {
      part: "counts",
      sql: `SELECT ${b} AS b, served_by AS node, CASE WHEN ok = 1 THEN NULL ELSE COALESCE(error_class, 'unknown') END AS errorClass,
              COUNT(*) AS n, SUM(ok) AS ok, SUM(stream) AS streams, SUM(stream * ok) AS streamsOk, SUM(ok * completion_tokens) AS completionOk,
              SUM(wasted_tokens) AS wasted, SUM(prompt_tokens + completion_tokens) AS tokens
            FROM requests WHERE pass_id = ? GROUP BY 1, 2, 3`,
      params: [pass.id],
      raw: false,
    },
    hist("latency", "end_ms - scheduled_ms", "1"),
    hist("ttft", "first_byte_ms - scheduled_ms", "stream = 1 AND first_byte_ms IS NOT NULL"),
    // The mean gap between tokens of one completed stream; streams of one token have none.
    hist("itl", "(end_ms - first_byte_ms) / (completion_tokens - 1)", "stream = 1 AND ok = 1 AND completion_tokens > 1 AND first_byte_ms IS NOT NULL", false),
  ];
}

/** Assembles a PassScan from the rows of its queries, in scanQueries order. */
export function assembleScan(results: unknown[][]): PassScan {
  return {
    bucketMs: ANALYTICS_DEFAULTS.availabilityBucketMs,
    counts: results[0] as CountRow[],
    latency: results[1] as HistCell[],
    ttft: results[2] as HistCell[],
    itl: results[3] as HistCell[],
  };
}

/** Scans a pass on this thread's connection. */
export function scanPass(db: Database.Database, pass: PassRow): PassScan {
  return assembleScan(scanQueries(pass).map((q) => {
    const st = db.prepare(q.sql);
    return (q.raw ? st.raw(true) : st).all(...q.params);
  }));
}
