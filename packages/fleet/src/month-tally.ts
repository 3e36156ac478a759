/** Why a stretch of fleet downtime happened; the shares in the result are over these. */
export const DOWNTIME_CAUSES = ["detection", "failedFailover", "correlated", "independent"] as const;
/** One of DOWNTIME_CAUSES. */
export type DowntimeCause = (typeof DOWNTIME_CAUSES)[number];

/** What happened to one unit during a captured month (hours from the month's start). */
export interface CapturedImpairment {
  unit: number;
  startH: number;
  endH: number;
  level: "minor" | "major" | "critical";
  errorShare: number;
  extraLatencyMs: number;
  /** own: the unit's provider, rooted here; correlated: spread from another unit of its provider; common: β. */
  origin: "own" | "correlated" | "common";
}

/** A stretch of fleet downtime in a captured month. */
export interface CapturedDowntime {
  startH: number;
  endH: number;
  errorShare: number;
  cause: DowntimeCause;
  /** The unit traffic was on. */
  unit: number;
}

/** One simulated fleet-month: the figures streamed into the histograms, then dropped. */
export interface MonthTally {
  /** Error-weighted hours: each hour counts by the share of requests that failed in it. */
  downtimeH: number;
  byCause: Record<DowntimeCause, number>;
  /** Incidents that started in the month, summed over providers (a common-cause event counts at each). */
  incidents: number;
  /** Hours traffic was served with added latency but no errors. */
  degradedH: number;
  /** Error-weighted down hours of each chain unit on its own, for the closed-form check. */
  unitDownH: number[];
  /** Set only when the month is captured (export, timeline chart). */
  impairments?: CapturedImpairment[];
  downtime?: CapturedDowntime[];
}

/** An empty tally for a month with `chainLength` units in the chain. */
export function emptyTally(chainLength: number, capture: boolean): MonthTally {
  const t: MonthTally = {
    downtimeH: 0,
    byCause: { detection: 0, failedFailover: 0, correlated: 0, independent: 0 },
    incidents: 0,
    degradedH: 0,
    unitDownH: new Array<number>(chainLength).fill(0),
  };
  if (capture) {
    t.impairments = [];
    t.downtime = [];
  }
  return t;
}
