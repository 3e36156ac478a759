import type Database from "better-sqlite3";
import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";
import { frac, fracOrNull, num, ratio } from "../round.js";
import type { PassSummary } from "../types.js";
import { distribution } from "./histogram.js";

/** The request-level figures of a pass: everything but incidents and cost. */
export type RequestFigures = Omit<PassSummary, "passId" | "strategy" | "repeat" | "status" | "complete" | "plannedMs" | "durationMs" | "incidents" | "totals" | "cost">;

interface Counts {
  total: number;
  ok: number;
  streams: number;
  streamsOk: number;
  completion: number;
  wasted: number;
}

/**
 * Computes the request-level figures of one pass in a handful of aggregate
 * queries. Latency is end_ms - scheduled_ms for every request, failed ones
 * included: the open-model measure, so coordinated omission is counted.
 */
export function requestFigures(db: Database.Database, pass: PassRow, availabilityTarget: number): RequestFigures {
  const c = db
    .prepare(
      `SELECT COUNT(*) AS total, COALESCE(SUM(ok), 0) AS ok, COALESCE(SUM(stream), 0) AS streams,
              COALESCE(SUM(stream * ok), 0) AS streamsOk,
              COALESCE(SUM(CASE WHEN ok = 1 THEN completion_tokens ELSE 0 END), 0) AS completion,
              COALESCE(SUM(wasted_tokens), 0) AS wasted
       FROM requests WHERE pass_id = ?`,
    )
    .get(pass.id) as Counts;
  const errorsByClass: Record<string, number> = {};
  const classes = db
    .prepare("SELECT COALESCE(error_class, 'unknown') AS k, COUNT(*) AS n FROM requests WHERE pass_id = ? AND ok = 0 GROUP BY k ORDER BY k")
    .all(pass.id) as Array<{ k: string; n: number }>;
  for (const r of classes) errorsByClass[r.k] = frac(r.n / c.total);
  const bucketMs = ANALYTICS_DEFAULTS.availabilityBucketMs;
  const time = db
    .prepare(
      `SELECT COUNT(*) AS buckets, COALESCE(SUM(rate >= ?), 0) AS good FROM
         (SELECT CAST(scheduled_ms / ? AS INTEGER) AS b, AVG(ok) AS rate FROM requests WHERE pass_id = ? GROUP BY b)`,
    )
    .get(availabilityTarget - 1e-12, bucketMs, pass.id) as { buckets: number; good: number };
  const seconds = pass.endMs / 1000;
  const perSecond = (x: number): number => (seconds > 0 ? num(x / seconds) : 0);
  const successRate = fracOrNull(ratio(c.ok, c.total));
  return {
    requests: { total: c.total, ok: c.ok, failed: c.total - c.ok },
    availability: { requests: successRate, time: fracOrNull(ratio(time.good, time.buckets)), timeTarget: availabilityTarget, timeBuckets: time.buckets },
    successRate,
    errorRate: fracOrNull(ratio(c.total - c.ok, c.total)),
    errorsByClass,
    throughputRps: perSecond(c.total),
    successRps: perSecond(c.ok),
    goodputTokensPerS: perSecond(c.completion),
    tokens: { completion: c.completion, wasted: c.wasted },
    streams: { total: c.streams, completed: c.streamsOk, completedShare: fracOrNull(ratio(c.streamsOk, c.streams)) },
    latency: distribution(db, "end_ms - scheduled_ms", "pass_id = ?", [pass.id]),
    ttft: distribution(db, "first_byte_ms - scheduled_ms", "pass_id = ? AND stream = 1 AND first_byte_ms IS NOT NULL", [pass.id]),
    // The mean gap between tokens of one completed stream; streams of one token have none.
    interTokenLatency: distribution(db, "(end_ms - first_byte_ms) / (completion_tokens - 1)", "pass_id = ? AND stream = 1 AND ok = 1 AND completion_tokens > 1 AND first_byte_ms IS NOT NULL", [pass.id]),
  };
}
