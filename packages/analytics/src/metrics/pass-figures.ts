import { ANALYTICS_DEFAULTS } from "../defaults.js";
import type { PassRow } from "../run-db.js";
import { frac, fracOrNull, num, ratio } from "../round.js";
import type { PassSummary } from "../types.js";
import { percentilesOf } from "./histogram.js";
import type { PassScan } from "./pass-scan.js";

/** The request-level figures of a pass: everything but incidents and cost. */
export type RequestFigures = Omit<
  PassSummary,
  | "passId"
  | "strategy"
  | "repeat"
  | "status"
  | "complete"
  | "plannedMs"
  | "durationMs"
  | "incidents"
  | "blackBox"
  | "view"
  | "totals"
  | "cost"
  | "residency"
  | "tiers"
  | "sessions"
>;

/**
 * The request-level figures of one pass, from its grouped scan. Latency is
 * end_ms - scheduled_ms for every request, failed ones included: the
 * open-model measure, so coordinated omission is counted.
 */
export function requestFigures(scan: PassScan, pass: PassRow, availabilityTarget: number): RequestFigures {
  const t = { total: 0, ok: 0, streams: 0, streamsOk: 0, completion: 0, wasted: 0, late: 0 };
  const byClass = new Map<string, number>();
  const perBucket = new Map<number, { n: number; ok: number }>();
  for (const r of scan.counts) {
    t.total += r.n;
    t.ok += r.ok;
    t.streams += r.streams;
    t.streamsOk += r.streamsOk;
    t.completion += r.completionOk;
    t.wasted += r.wasted;
    t.late += r.late;
    if (r.errorClass !== null) byClass.set(r.errorClass, (byClass.get(r.errorClass) ?? 0) + r.n);
    const b = perBucket.get(r.b) ?? { n: 0, ok: 0 };
    b.n += r.n;
    b.ok += r.ok;
    perBucket.set(r.b, b);
  }
  const errorsByClass: Record<string, number> = {};
  for (const k of [...byClass.keys()].sort()) errorsByClass[k] = frac(byClass.get(k)! / t.total);
  // Integer comparison (ok >= target x n) so a bucket exactly at the target is not lost to float error.
  const good = [...perBucket.values()].filter((b) => b.ok >= availabilityTarget * b.n - 1e-9).length;
  const seconds = pass.endMs / 1000;
  const perSecond = (x: number): number => (seconds > 0 ? num(x / seconds) : 0);
  const successRate = fracOrNull(ratio(t.ok, t.total));
  return {
    requests: { total: t.total, ok: t.ok, failed: t.total - t.ok },
    lateSends: { count: t.late, share: fracOrNull(ratio(t.late, t.total)), thresholdMs: ANALYTICS_DEFAULTS.lateSendMs },
    availability: {
      requests: successRate,
      time: fracOrNull(ratio(good, perBucket.size)),
      timeTarget: availabilityTarget,
      timeBuckets: perBucket.size,
    },
    successRate,
    errorRate: fracOrNull(ratio(t.total - t.ok, t.total)),
    errorsByClass,
    throughputRps: perSecond(t.total),
    successRps: perSecond(t.ok),
    goodputTokensPerS: perSecond(t.completion),
    tokens: { completion: t.completion, wasted: t.wasted },
    streams: { total: t.streams, completed: t.streamsOk, completedShare: fracOrNull(ratio(t.streamsOk, t.streams)) },
    latency: percentilesOf(scan.latency),
    ttft: percentilesOf(scan.ttft),
    interTokenLatency: percentilesOf(scan.itl),
  };
}
