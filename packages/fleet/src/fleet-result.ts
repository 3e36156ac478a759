import { closedForm, type ClosedForm } from "./closed-form.js";
import { DOWNTIME_CAUSES, type DowntimeCause } from "./month-tally.js";
import type { MonthStream } from "./month-stream.js";
import type { Fleet } from "./types.js";

/** 95% two-sided normal quantile, for every confidence interval here. */
const Z95 = 1.959964;

/** A Monte Carlo estimate and its 95% confidence interval. */
export interface Estimate {
  value: number;
  low: number;
  high: number;
}

/** The shape of summary.json: every figure of a fleet run, minutes per 30-day month unless named otherwise. */
export interface FleetResult {
  fleet: string;
  seed: number;
  months: number;
  providerMonths: number;
  threads: number;
  elapsedMs: number;
  monthHours: number;
  /** Error-weighted downtime per month, minutes. */
  downtimeMin: { mean: Estimate; p50: Estimate; p95: Estimate; p99: Estimate };
  /** Availability (1 − downtime / month): the mean, and that of the p50, p95 and p99 months (by downtime). */
  availability: { mean: Estimate; p50: Estimate; p95: Estimate; p99: Estimate };
  incidentsPerMonth: { mean: number; p50: number; p95: number };
  /** Months with any downtime: the sample behind the mean's CI (a handful means the CI is not to be trusted). */
  monthsWithDowntime: number;
  degradedMinPerMonth: number;
  /** Share of all downtime by cause (sums to 1 when there was any). */
  causes: Record<DowntimeCause, number>;
  closedForm: {
    /** From the fleet's parameters: the textbook answer. */
    nominal: ClosedForm;
    /** From the chain units' availability measured in this simulation: the same formula, the same units. */
    fromSimulatedUnits: ClosedForm;
    /** The nominal downtime lies inside the simulated mean's confidence interval. */
    nominalWithinCi: boolean;
  };
}

/** Turns the merged stream into the result: estimates with confidence intervals, shares, and the closed form. */
export function fleetResult(
  fleet: Fleet,
  stream: MonthStream,
  run: { threads: number; elapsedMs: number }
): FleetResult {
  const n = stream.months;
  const s = stream.sums;
  const meanH = s.downtimeH / n;
  const half = meanHalfWidthH(s, n) * 60;
  const mean: Estimate = { value: meanH * 60, low: Math.max(0, meanH * 60 - half), high: meanH * 60 + half };
  const pct = (q: number) => quantileEstimate(stream, q);
  const downtimeMin = { mean, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) };
  const monthMin = fleet.monthHours * 60;
  const avail = (e: Estimate): Estimate => ({
    value: 1 - e.value / monthMin,
    low: 1 - e.high / monthMin,
    high: 1 - e.low / monthMin,
  });
  const nominal = closedForm(fleet);
  const fromUnits = closedForm(
    fleet,
    s.unitDownH.map((h) => 1 - h / (n * fleet.monthHours))
  );
  const total = DOWNTIME_CAUSES.reduce((t, c) => t + s.byCause[c], 0);
  return {
    fleet: fleet.name,
    seed: fleet.seed,
    months: n,
    providerMonths: n * fleet.providers.length,
    threads: run.threads,
    elapsedMs: Math.round(run.elapsedMs),
    monthHours: fleet.monthHours,
    downtimeMin,
    availability: {
      mean: avail(mean),
      p50: avail(downtimeMin.p50),
      p95: avail(downtimeMin.p95),
      p99: avail(downtimeMin.p99),
    },
    incidentsPerMonth: {
      mean: s.incidents / n,
      p50: stream.incidents.getValueAtPercentile(50),
      p95: stream.incidents.getValueAtPercentile(95),
    },
    monthsWithDowntime: s.monthsWithDowntime,
    degradedMinPerMonth: (s.degradedH / n) * 60,
    causes: Object.fromEntries(DOWNTIME_CAUSES.map((c) => [c, total > 0 ? s.byCause[c] / total : 0])) as Record<
      DowntimeCause,
      number
    >,
    closedForm: {
      nominal,
      fromSimulatedUnits: fromUnits,
      nominalWithinCi: nominal.downtimeMinPerMonth >= mean.low && nominal.downtimeMinPerMonth <= mean.high,
    },
  };
}

/**
 * Half the mean's 95% interval, in hours. Batch means when there are enough batches: consecutive months share long
 * gaps and repairs, and an interval from single months would be too narrow. Otherwise the months' own spread.
 */
function meanHalfWidthH(s: MonthStream["sums"], n: number): number {
  const k = s.batches;
  if (k >= 30) {
    const m = s.batchMeanH / k;
    return Z95 * Math.sqrt((Math.max(0, s.batchMeanSqH / k - m * m) * (k / (k - 1))) / k);
  }
  const m = s.downtimeH / n;
  return Z95 * Math.sqrt((Math.max(0, s.downtimeSqH / n - m * m) * (n / Math.max(1, n - 1))) / n);
}

/**
 * A percentile of monthly downtime with a distribution-free 95% interval: the order statistics at ranks
 * n·q ± z·√(n·q·(1 − q)) (the binomial normal approximation), read from the same histogram.
 */
function quantileEstimate(stream: MonthStream, q: number): Estimate {
  const n = stream.months;
  const spread = Z95 * Math.sqrt((q * (1 - q)) / n);
  const at = (p: number) => stream.downtimeMs.getValueAtPercentile(Math.min(100, Math.max(0, p * 100))) / 60_000;
  return { value: at(q), low: at(q - spread), high: at(q + spread) };
}
