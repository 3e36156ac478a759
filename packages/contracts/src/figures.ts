import type { DefinitionKey } from "./definitions.js";

/** The unit a summary figure is measured in; shares are fractions shown as %. */
export type FigureUnit = "%" | "ms" | "req/s" | "USD" | "count";

/** Where a figure may be used as a check in a scenario, and under which key. */
export interface FigureCheck {
  /** The key a scenario writes under `slo:`, `steadyState:` or `stop:`, e.g. `p99`. */
  readonly key: string;
  /** Allowed under `slo:` (judged over the whole pass). */
  readonly slo: boolean;
  /** Allowed under `steadyState:` (judged before the first attack, where there is no incident to measure). */
  readonly steadyState: boolean;
  /** Allowed as a `stop:` condition (judged live over a sliding window). */
  readonly stop: boolean;
}

/** One per-pass summary figure: what it means, how to read it, and where it can be used. */
export interface SummaryFigure {
  /** The definition (DEFINITIONS) the figure is an instance of. */
  readonly defines: DefinitionKey;
  readonly unit: FigureUnit;
  /** Which way is better; `compare` calls a change the other way a regression. */
  readonly better: "higher" | "lower";
  /** How the figure aggregates over repeats of one strategy: median with min and max, or not summarised. */
  readonly overRepeats: "median" | "none";
  /** Shown by `faultline compare`, and usable as a `--threshold`. */
  readonly compare: boolean;
  /** The scenario check this figure backs, if any. */
  readonly check?: FigureCheck;
}

/**
 * Every per-pass summary figure, by the key `compare`, the repeats table and
 * summary.json use. The analytics read a figure's value with one getter per
 * key (packages/analytics figure-readers.ts); everything else about it is here.
 */
export const SUMMARY_FIGURES = Object.freeze({
  availability: {
    defines: "availability",
    unit: "%",
    better: "higher",
    overRepeats: "median",
    compare: true,
    check: { key: "availability", slo: true, steadyState: true, stop: true },
  },
  availabilityTime: { defines: "availabilityTime", unit: "%", better: "higher", overRepeats: "median", compare: true },
  successRate: { defines: "availability", unit: "%", better: "higher", overRepeats: "median", compare: true },
  errorRate: {
    defines: "errorRate",
    unit: "%",
    better: "lower",
    overRepeats: "none",
    compare: true,
    check: { key: "errorRate", slo: true, steadyState: true, stop: true },
  },
  throughputRps: { defines: "throughput", unit: "req/s", better: "higher", overRepeats: "median", compare: true },
  p50Ms: { defines: "latency", unit: "ms", better: "lower", overRepeats: "none", compare: true },
  p99Ms: {
    defines: "latency",
    unit: "ms",
    better: "lower",
    overRepeats: "median",
    compare: true,
    check: { key: "p99", slo: true, steadyState: true, stop: true },
  },
  ttftP99Ms: {
    defines: "ttft",
    unit: "ms",
    better: "lower",
    overRepeats: "none",
    compare: true,
    check: { key: "ttftP99", slo: true, steadyState: true, stop: true },
  },
  mttrMs: {
    defines: "mttr",
    unit: "ms",
    better: "lower",
    overRepeats: "median",
    compare: true,
    check: { key: "mttr", slo: true, steadyState: false, stop: false },
  },
  failoverMs: { defines: "timeToFailover", unit: "ms", better: "lower", overRepeats: "median", compare: true },
  // The SLO is on the worst incident, so one slow failover fails it; compare shows the mean.
  failoverMaxMs: {
    defines: "timeToFailover",
    unit: "ms",
    better: "lower",
    overRepeats: "none",
    compare: false,
    check: { key: "failoverTime", slo: true, steadyState: false, stop: false },
  },
  detectMs: { defines: "timeToDetect", unit: "ms", better: "lower", overRepeats: "none", compare: true },
  downtimeMs: { defines: "downtime", unit: "ms", better: "lower", overRepeats: "median", compare: true },
  requestsLost: { defines: "requestsLost", unit: "count", better: "lower", overRepeats: "none", compare: true },
  costPer1kUsd: { defines: "costPer1k", unit: "USD", better: "lower", overRepeats: "median", compare: true },
  sessionsCompleted: {
    defines: "sessionsCompleted",
    unit: "count",
    better: "higher",
    overRepeats: "median",
    compare: true,
  },
  sessionsBroken: { defines: "sessionsBroken", unit: "count", better: "lower", overRepeats: "median", compare: true },
  turnsLost: { defines: "turnsLost", unit: "count", better: "lower", overRepeats: "none", compare: true },
  turnsAskedAgain: { defines: "turnsAskedAgain", unit: "count", better: "lower", overRepeats: "none", compare: true },
  coldCachePenaltyMs: {
    defines: "coldCachePenalty",
    unit: "ms",
    better: "lower",
    overRepeats: "median",
    compare: true,
  },
  coldCacheTurns: { defines: "coldCacheTurns", unit: "count", better: "lower", overRepeats: "none", compare: true },
  conversationRpoTurns: {
    defines: "conversationRpo",
    unit: "count",
    better: "lower",
    overRepeats: "median",
    compare: true,
  },
  conversationRpoMs: { defines: "conversationRpo", unit: "ms", better: "lower", overRepeats: "median", compare: true },
} as const satisfies Record<string, SummaryFigure>);

/** The key of one summary figure. */
export type SummaryFigureKey = keyof typeof SUMMARY_FIGURES;

type Checked = {
  [K in SummaryFigureKey]: (typeof SUMMARY_FIGURES)[K] extends { check: infer C } ? C : never;
}[SummaryFigureKey];
/** A key a scenario may use under `slo:`. */
export type SloKey = Extract<Checked, { slo: true }>["key"];
/** A key a scenario may use under `steadyState:`. */
export type SteadyStateKey = Extract<Checked, { steadyState: true }>["key"];
/** A key a scenario may use in a `stop:` condition (judged live over a sliding window). */
export type StopKey = Extract<Checked, { stop: true }>["key"];

const figureEntries = (): Array<[SummaryFigureKey, SummaryFigure]> =>
  Object.entries(SUMMARY_FIGURES) as Array<[SummaryFigureKey, SummaryFigure]>;

/** The summary figure behind each check key of one use (slo, steadyState, stop), in table order. */
export function checkFigures(use: "slo" | "steadyState" | "stop"): ReadonlyMap<string, SummaryFigureKey> {
  return new Map(
    figureEntries()
      .filter(([, f]) => f.check?.[use])
      .map(([k, f]) => [f.check!.key, k])
  );
}

/** The keys `compare` shows and can gate on. */
export function comparedFigureKeys(): SummaryFigureKey[] {
  return figureEntries()
    .filter(([, f]) => f.compare)
    .map(([k]) => k);
}

/** The keys summarised over repeats. */
export function repeatedFigureKeys(): SummaryFigureKey[] {
  return figureEntries()
    .filter(([, f]) => f.overRepeats === "median")
    .map(([k]) => k);
}
