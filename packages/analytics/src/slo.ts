import { meetsThreshold, type Threshold } from "@faultline/core";
import type { PassSummary, SloCheck, Summary } from "./types.js";

/** The SLO as the runner stores it in meta `slo`: one threshold per figure, each optional. */
export type SloSpecJson = Partial<Record<"availability" | "errorRate" | "p99" | "ttftP99" | "mttr" | "failoverTime", Threshold>>;

/**
 * The figure each SLO key is checked against. MTTR is the mean over the
 * incidents that had failures; failover time is the worst incident, so one
 * slow failover fails the SLO.
 */
const ACTUALS: Record<keyof SloSpecJson, (p: PassSummary) => number | null> = {
  availability: (p) => p.availability.requests,
  errorRate: (p) => p.errorRate,
  p99: (p) => p.latency?.p99 ?? null,
  ttftP99: (p) => p.ttft?.p99 ?? null,
  mttr: (p) => p.totals.mttrMs,
  failoverTime: (p) => p.totals.failoverMaxMs,
};

/** Incident figures are vacuously met when nothing failed; the others need data. */
const MET_WHEN_ABSENT = new Set<keyof SloSpecJson>(["mttr", "failoverTime"]);

/** Checks every pass against the SLO; the verdict is decided by the gate strategy only. */
export function judgeSlo(slo: SloSpecJson, passes: PassSummary[], gateStrategy: string, complete: boolean, steadyState: SloCheck[] = []): Summary["slo"] {
  const checks: SloCheck[] = [...steadyState];
  for (const p of passes) {
    for (const name of Object.keys(ACTUALS) as Array<keyof SloSpecJson>) {
      const t = slo[name];
      if (!t) continue;
      const actual = ACTUALS[name](p);
      const ok = actual === null ? MET_WHEN_ABSENT.has(name) && p.totals.unrecovered === 0 : meetsThreshold(actual, t);
      checks.push({ strategy: p.strategy, name, threshold: t.text, actual, ok });
    }
  }
  const gated = checks.filter((c) => c.strategy === gateStrategy);
  const verdict = !complete ? "incomplete" : gated.every((c) => c.ok) ? "pass" : "fail";
  return { gateStrategy, verdict, checks };
}
