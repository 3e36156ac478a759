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
  /** Requests sent more than ANALYTICS_DEFAULTS.lateSendMs after their scheduled time. */
  late: number;
}

/** One histogram cell: time bucket, log bucket, count and the largest sample in it (a split such as ok may follow). */
export type HistCell = [b: number, k: number, n: number, max: number, ...rest: number[]];

/** A latency histogram cell with whether its requests succeeded (1) or failed (0) last. */
export type LatencyCell = [b: number, k: number, n: number, max: number, ok: number];

/** What four grouped scans of a pass's requests yield; the report needs nothing else from the table. */
export interface PassScan {
  /** Width of a count row's time bucket (availabilityBucketMs: the time-based figures need it). */
  bucketMs: number;
  /** Width of a histogram cell's time bucket: the charts' (seriesBucketMs), as nothing else reads them over time. */
  histBucketMs: number;
  counts: CountRow[];
  /**
   * Every request's latency, split by outcome in the same query (so the latency chart can show successes alone:
   * fast failures in an outage would otherwise read as latency dropping), merged for the figures.
   */
  latency: LatencyCell[];
  ttft: HistCell[];
  itl: HistCell[];
}

/**
 * Width of a chart time bucket, and of the histograms' time buckets: 1 s, widened so no line has more than
 * maxSeriesPoints points. The histograms were kept per second whatever the run's length: a 90-minute pass held
 * 2,700 seconds of cells for a chart of 300 points, and the long 1M-request report spent its time and memory there
 * (issue 23). Merged over a pass they give the same percentiles at any width.
 */
export function seriesBucketMs(passes: readonly PassRow[]): number {
  const longest = Math.max(1, ...passes.map((p) => p.endMs));
  return Math.max(1000, Math.ceil(longest / ANALYTICS_DEFAULTS.maxSeriesPoints / 1000) * 1000);
}

/**
 * SQL of the log bucket of a millisecond value: 1% wide (HDR-like), so a run
 * of any length merges into about a thousand buckets. The value reported for
 * a bucket is the largest sample in it (MAX), an actual measurement within 1%
 * of the exact quantile.
 */
export const logBucketSql = (x: string): string => `CAST(ln(max(${x}, 0) + 1) * 100 AS INTEGER)`;

/**
 * One grouped query of a scan. It runs once per time bucket over the
 * (pass_id, scheduled_ms) index range [@lo, @hi): SQLite then groups about
 * a second of rows at a time in memory instead of sorting the whole pass,
 * which is what made one GROUP BY over a million rows slow.
 */
export interface ScanQuery {
  part: "counts" | "latency" | "ttft" | "itl";
  sql: string;
  pass: number;
  /** First and last time bucket of the pass. */
  firstBucket: number;
  lastBucket: number;
  bucketMs: number;
}

/** The four bucketed queries that scan a pass (one of `passes`); only grouped rows reach JavaScript. */
export function scanQueries(db: Database.Database, pass: PassRow, passes: readonly PassRow[]): ScanQuery[] {
  const bucketMs = ANALYTICS_DEFAULTS.availabilityBucketMs;
  const histBucketMs = seriesBucketMs(passes);
  // MIN and MAX of an indexed column cost two index seeks.
  const range = db
    .prepare("SELECT MIN(scheduled_ms) AS lo, MAX(scheduled_ms) AS hi FROM requests WHERE pass_id = ?")
    .get(pass.id) as { lo: number | null; hi: number | null };
  const firstBucket = range.lo === null ? 0 : Math.floor(range.lo / bucketMs);
  const lastBucket = range.hi === null ? -1 : Math.floor(range.hi / bucketMs);
  const firstHistBucket = range.lo === null ? 0 : Math.floor(range.lo / histBucketMs);
  const lastHistBucket = range.hi === null ? -1 : Math.floor(range.hi / histBucketMs);
  const inBucket = "pass_id = @pass AND scheduled_ms >= @lo AND scheduled_ms < @hi";
  const hist = (part: ScanQuery["part"], value: string, where: string): ScanQuery => ({
    part,
    pass: pass.id,
    firstBucket: firstHistBucket,
    lastBucket: lastHistBucket,
    bucketMs: histBucketMs,
    sql: `SELECT ${logBucketSql("x")} AS k, COUNT(*) AS n, MAX(x) AS m
          FROM (SELECT ${value} AS x FROM requests WHERE ${inBucket} AND ${where}) WHERE x IS NOT NULL GROUP BY 1`,
  });
  return [
    {
      part: "counts",
      pass: pass.id,
      firstBucket,
      lastBucket,
      bucketMs,
      sql: `SELECT served_by AS node,
              CASE WHEN ok = 1 THEN NULL ELSE COALESCE(error_class, 'unknown') END AS errorClass,
              COUNT(*) AS n, SUM(ok) AS ok, SUM(stream) AS streams, SUM(stream * ok) AS streamsOk,
              SUM(ok * completion_tokens) AS completionOk,
              SUM(wasted_tokens) AS wasted, SUM(prompt_tokens + completion_tokens) AS tokens,
              SUM(start_ms - scheduled_ms > ${ANALYTICS_DEFAULTS.lateSendMs}) AS late
            FROM requests WHERE ${inBucket} GROUP BY 1, 2`,
    },
    {
      ...hist("latency", "end_ms - scheduled_ms", "1"),
      sql: `SELECT ${logBucketSql("x")} AS k, COUNT(*) AS n, MAX(x) AS m, ok
          FROM (SELECT end_ms - scheduled_ms AS x, ok FROM requests WHERE ${inBucket})
          WHERE x IS NOT NULL GROUP BY 1, 4`,
    },
    hist("ttft", "first_byte_ms - scheduled_ms", "stream = 1 AND first_byte_ms IS NOT NULL"),
    // The mean gap between tokens of one completed stream; streams of one token have none.
    hist(
      "itl",
      "(end_ms - first_byte_ms) / (completion_tokens - 1)",
      "stream = 1 AND ok = 1 AND completion_tokens > 1 AND first_byte_ms IS NOT NULL"
    ),
  ];
}

/**
 * Runs a bucketed query: every row comes back as an array with its time
 * bucket first. scan-pool.ts runs the same loop on its workers.
 */
export function runScanQuery(db: Database.Database, q: ScanQuery): unknown[][] {
  const st = db.prepare(q.sql).raw(true);
  const out: unknown[][] = [];
  for (let b = q.firstBucket; b <= q.lastBucket; b++) {
    for (const row of st.all({ pass: q.pass, lo: b * q.bucketMs, hi: (b + 1) * q.bucketMs }) as unknown[][]) {
      row.unshift(b);
      out.push(row);
    }
  }
  return out;
}

/** Assembles a PassScan from the rows of its queries, in scanQueries order, its histograms `histBucketMs` wide. */
export function assembleScan(results: unknown[][][], histBucketMs: number): PassScan {
  const counts = results[0]!.map((r) => {
    const [b, node, errorClass, n, ok, streams, streamsOk, completionOk, wasted, tokens, late] = r as [
      number,
      string | null,
      string | null,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return { b, node, errorClass, n, ok, streams, streamsOk, completionOk, wasted, tokens, late };
  });
  return {
    bucketMs: ANALYTICS_DEFAULTS.availabilityBucketMs,
    histBucketMs,
    counts,
    latency: results[1] as LatencyCell[],
    ttft: results[2] as HistCell[],
    itl: results[3] as HistCell[],
  };
}

/** Scans a pass (one of `passes`) on this thread's connection. */
export function scanPass(db: Database.Database, pass: PassRow, passes: readonly PassRow[]): PassScan {
  return assembleScan(
    scanQueries(db, pass, passes).map((q) => runScanQuery(db, q)),
    seriesBucketMs(passes)
  );
}
