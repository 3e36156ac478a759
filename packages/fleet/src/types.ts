/**
 * The resolved, validated fleet: plain JSON (it crosses to worker threads) and frozen at the boundary.
 * Every time is in hours of the virtual clock unless the name says otherwise.
 */

/** A positive random duration, in hours. */
export type Distribution =
  | { kind: "lognormal"; mu: number; sigma: number }
  | { kind: "exponential"; meanHours: number }
  | { kind: "weibull"; shape: number; scaleHours: number };

/** What an incident does to the requests a unit serves. */
export interface ImpactLevel {
  name: "minor" | "major" | "critical";
  /** Share of incidents at this level (the levels sum to 1). */
  share: number;
  /** Share of requests that fail while the incident lasts, 0..1. */
  errorShare: number;
  /** Latency added to the requests that do not fail. */
  extraLatencyMs: number;
}

/** One model in one region of one provider: what a chain entry and an exported node stand for. */
export interface Unit {
  /** `provider/model@region`. */
  id: string;
  provider: number;
  model: string;
  region: string;
}

/** One provider: its incident process and the units it serves. */
export interface Provider {
  name: string;
  /** Up time between incidents (operational hours, warped by the arrival profile). */
  gap: Distribution;
  /** Length of an incident. */
  repair: Distribution;
  /** Gap samples are multiplied by this so the common-cause share β is taken out of the provider's own rate. */
  gapScale: number;
  /** Indices into Fleet.units, in `models × regions` order. */
  units: number[];
  /**
   * correlation[i][j]: the chance that an incident rooted at unit i also hits unit j (values below 0 count as 0).
   * For rare events this is close to the correlation coefficient of the two down indicators.
   */
  correlation: number[][];
  /** Long-run availability the parameters imply, E[gap] / (E[gap] + E[repair]), before β. */
  nominalAvailability: number;
}

/** The failover layer under study. */
export interface FailoverLayer {
  /** Unit indices, primary first, after residency filtering. */
  chain: number[];
  /** From an incident's start until the layer moves traffic away. */
  detectionHours: number;
  /** Share of failovers that land on the next unit; the rest stay on the failing unit until it recovers. */
  success: number;
  /** From a higher unit's recovery until traffic returns to it. */
  failbackHours: number;
  /** Regions the chain may use; null when unconstrained. */
  residency: string[] | null;
}

/** A fleet, resolved. */
export interface Fleet {
  name: string;
  seed: number;
  monthHours: number;
  providers: Provider[];
  units: Unit[];
  /** Common-cause share β: the part of each provider's incident rate that takes every provider down at once. */
  beta: number;
  /** Common-cause events: exponential gaps with this mean (hours), repairs from this distribution. */
  commonGapMeanHours: number;
  commonRepair: Distribution;
  /** Relative incident rate by weekday (Monday first) and by UTC hour; the virtual clock starts Monday 00:00 UTC. */
  profile: { weekday: number[]; hour: number[] };
  impact: ImpactLevel[];
  failover: FailoverLayer;
}
