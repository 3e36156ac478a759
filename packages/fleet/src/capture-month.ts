import { FLEET_DEFAULTS } from "./defaults.js";
import { FleetSimulator } from "./fleet-simulator.js";
import type { MonthTally } from "./month-tally.js";
import type { Fleet } from "./types.js";

/** A month picked from the simulation, with its timeline. */
export interface CapturedMonth {
  /** Index of the month in chunk 0 (the same seed picks the same month). */
  index: number;
  tally: MonthTally;
}

/**
 * Replays chunk 0 (the first months of the same seed, so the month is one the result counted) with capture on, and
 * keeps the month whose downtime is nearest `targetDowntimeH`: only the best month so far is held, so memory stays
 * bounded.
 */
export function captureMonth(fleet: Fleet, targetDowntimeH: number, months: number): CapturedMonth {
  let best: CapturedMonth | undefined;
  const sim = new FleetSimulator(fleet, 0, true);
  sim.run(Math.min(months, FLEET_DEFAULTS.chunkMonths), FLEET_DEFAULTS.warmupMonths, (tally, index) => {
    if (!best || Math.abs(tally.downtimeH - targetDowntimeH) < Math.abs(best.tally.downtimeH - targetDowntimeH))
      best = { index, tally };
  });
  return best!;
}
