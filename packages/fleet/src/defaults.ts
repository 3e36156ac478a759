import type { Distribution, ImpactLevel } from "./types.js";

/**
 * Fitted to the OpenAI and Anthropic status-page incident histories published with
 * "An Empirical Characterization of Outages and Incidents in Public Services for Large Language Models"
 * (ICPE'25, github.com/atlarge-research/llm-service-analysis), in hours: gaps between incidents μ ≈ 3.7,
 * σ ≈ 1.76; repairs μ ≈ −0.2..0.2, σ ≈ 1.2..1.4 (the middle of each range is taken).
 */
const STATUS_PAGE_GAP: Distribution = { kind: "lognormal", mu: 3.7, sigma: 1.76 };
const STATUS_PAGE_REPAIR: Distribution = { kind: "lognormal", mu: 0, sigma: 1.3 };

/**
 * Every default of a fleet file, in one place (docs/fleet.md lists them). The impact table and arrival profile are
 * assumptions shaped after the same study (incidents cluster on weekdays and in US working hours); a fleet file
 * overrides them.
 */
export const FLEET_DEFAULTS = Object.freeze({
  seed: 1,
  /** A 30-day month: 0.5% of it is the 216 minutes behind the 99.5% arithmetic. */
  monthHours: 720,
  months: 10_000,
  gap: STATUS_PAGE_GAP,
  repair: STATUS_PAGE_REPAIR,
  beta: 0,
  /**
   * Chance an incident at one unit of a provider also hits another unit of it. Status pages show an Anthropic API
   * outage coinciding with a claude.ai outage 83–96% of the time (OpenAI API with ChatGPT: 49%).
   */
  withinProvider: 0.9,
  models: ["default"],
  regions: ["global"],
  impact: [
    { name: "minor", share: 0.45, errorShare: 0.1, extraLatencyMs: 1500 },
    { name: "major", share: 0.4, errorShare: 0.5, extraLatencyMs: 4000 },
    { name: "critical", share: 0.15, errorShare: 1, extraLatencyMs: 0 },
  ] satisfies ImpactLevel[],
  profile: {
    /** Monday first. */
    weekday: [1.2, 1.2, 1.2, 1.2, 1.2, 0.5, 0.5],
    /** UTC hours; 13:00–22:00 UTC is the US working day from New York to San Francisco. */
    hour: [0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, ...Array(10).fill(1.5), 0.7],
  },
  failover: {
    /** The figure for a client that notices by timeouts and health checks. */
    detection: "30s",
    success: 0.95,
    failback: "5m",
  },
  /** Months per worker task: large enough that task overhead is noise, small enough to spread over the cores. */
  chunkMonths: 2_000,
  /**
   * Months per batch for the mean's confidence interval (batch means): a long gap or repair spans months, so months
   * are not independent. With the heavy-tailed default gap, 20-month batches still gave intervals too narrow (2 of 8
   * seeds missed the true mean of a 3,000-month run); with 100-month batches 1 of the same 8 did.
   */
  ciBatchMonths: 100,
  /** Months simulated and discarded before each chunk, so incidents already under way at its start are included. */
  warmupMonths: 1,
});
