import type { SummaryFigureKey } from "@faultline/contracts";
import type { PassSummary } from "./types.js";

/**
 * How to read each summary figure (@faultline/contracts SUMMARY_FIGURES) off
 * a pass summary: the only per-figure code in the analytics. compare, the
 * repeats table and the SLO check all read figures through this table.
 */
export const READ_FIGURE: Readonly<Record<SummaryFigureKey, (p: PassSummary) => number | null>> = Object.freeze({
  availability: (p) => p.availability.requests,
  availabilityTime: (p) => p.availability.time,
  successRate: (p) => p.successRate,
  errorRate: (p) => p.errorRate,
  throughputRps: (p) => p.throughputRps,
  p50Ms: (p) => p.latency?.p50 ?? null,
  p99Ms: (p) => p.latency?.p99 ?? null,
  ttftP99Ms: (p) => p.ttft?.p99 ?? null,
  mttrMs: (p) => p.totals.mttrMs,
  failoverMs: (p) => p.totals.failoverMs,
  failoverMaxMs: (p) => p.totals.failoverMaxMs,
  detectMs: (p) => p.totals.detectMs,
  downtimeMs: (p) => p.totals.downtimeMs,
  requestsLost: (p) => p.totals.requestsLost,
  costPer1kUsd: (p) => p.cost.per1kSuccessfulUsd,
  sessionsCompleted: (p) => p.sessions?.completed ?? null,
  sessionsBroken: (p) => p.sessions?.brokenCount ?? null,
  turnsLost: (p) => p.sessions?.turnsLost ?? null,
  turnsAskedAgain: (p) => p.sessions?.turnsAskedAgain ?? null,
  coldCachePenaltyMs: (p) => p.sessions?.coldCachePenaltyMs ?? null,
  coldCacheTurns: (p) => p.sessions?.coldCacheTurns ?? null,
  conversationRpoTurns: (p) => p.sessions?.rpoTurns ?? null,
  conversationRpoMs: (p) => p.sessions?.rpoMs ?? null,
});
