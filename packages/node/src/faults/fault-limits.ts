import { MAX_TIMER_MS } from "./max-timer.js";

/** Bounds on the faults a node or proxy holds; docs/node.md and docs/LIMITS.md list them. */
export const FAULT_LIMITS = Object.freeze({
  /**
   * The TTL of a fault sent without durationMs (and whose kind has no recovery
   * time of its own). Every fault expires: a `POST /admin/disable` with no body
   * once stayed on for good (issue 24). Ten minutes outlasts a hand-run test;
   * the runner always sends the attack's own duration.
   */
  defaultTtlMs: 10 * 60_000,
  /** The longest durationMs accepted: what setTimeout honours (~24.8 days). */
  maxTtlMs: MAX_TIMER_MS,
  /** Active faults at once; one more is refused with 409 until one ends (10,000 were once accepted). */
  maxActive: 256,
});
