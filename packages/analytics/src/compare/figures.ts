import type { PassSummary } from "../types.js";

/** A figure compared across runs: how to read it, and which way is better. */
export interface ComparedFigure {
  get: (p: PassSummary) => number | null;
  better: "higher" | "lower";
  unit: "%" | "ms" | "req/s" | "USD" | "count";
}

/**
 * The figures `compare` shows and can gate on. Threshold values are in the
 * figure's own unit (shares as fractions, e.g. availability: 0.001 allows a
 * drop of 0.1 point); a change worse than the threshold is a regression.
 */
export const COMPARED_FIGURES: Readonly<Record<string, ComparedFigure>> = Object.freeze({
  availability: { get: (p) => p.availability.requests, better: "higher", unit: "%" },
  availabilityTime: { get: (p) => p.availability.time, better: "higher", unit: "%" },
  successRate: { get: (p) => p.successRate, better: "higher", unit: "%" },
  errorRate: { get: (p) => p.errorRate, better: "lower", unit: "%" },
  throughputRps: { get: (p) => p.throughputRps, better: "higher", unit: "req/s" },
  p50Ms: { get: (p) => p.latency?.p50 ?? null, better: "lower", unit: "ms" },
  p99Ms: { get: (p) => p.latency?.p99 ?? null, better: "lower", unit: "ms" },
  ttftP99Ms: { get: (p) => p.ttft?.p99 ?? null, better: "lower", unit: "ms" },
  mttrMs: { get: (p) => p.totals.mttrMs, better: "lower", unit: "ms" },
  failoverMs: { get: (p) => p.totals.failoverMs, better: "lower", unit: "ms" },
  detectMs: { get: (p) => p.totals.detectMs, better: "lower", unit: "ms" },
  downtimeMs: { get: (p) => p.totals.downtimeMs, better: "lower", unit: "ms" },
  requestsLost: { get: (p) => p.totals.requestsLost, better: "lower", unit: "count" },
  costPer1kUsd: { get: (p) => p.cost.per1kSuccessfulUsd, better: "lower", unit: "USD" },
});

/** Formats a figure's value in its unit. */
export function formatFigure(unit: ComparedFigure["unit"], x: number | null): string {
  if (x === null) return "n/a";
  if (unit === "%") return `${(x * 100).toFixed(2)}%`;
  if (unit === "ms") return `${x.toFixed(1)}ms`;
  if (unit === "USD") return `$${x.toFixed(3)}`;
  return unit === "count" ? String(x) : x.toFixed(1);
}

/** Formats the change from `base` to `x`, in points for shares. */
export function formatChange(unit: ComparedFigure["unit"], base: number | null, x: number | null): string {
  if (base === null || x === null) return "";
  const d = x - base;
  const sign = d > 0 ? "+" : "";
  if (unit === "%") return `${sign}${(d * 100).toFixed(2)} pt`;
  const rel = base !== 0 ? ` (${sign}${((d / base) * 100).toFixed(0)}%)` : "";
  return `${sign}${formatFigure(unit, d).replace(/^\$-/, "-$")}${rel}`;
}
