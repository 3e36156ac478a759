import { describe, expect, it } from "vitest";
import { fleetResult } from "./fleet-result.js";
import { resolveFleet } from "./resolve-fleet.js";
import { runFleet } from "./run-fleet.js";

/** A primary down 10% of the time (exponential 10 h repairs, 7.2 incidents a month) and a backup almost never down. */
const twoUnits = (failover: Record<string, unknown>) =>
  resolveFleet({
    seed: 21,
    providers: {
      primary: { availability: "90%", repair: { dist: "exponential", mean: 10 } },
      backup: { availability: "99.999%", repair: { dist: "exponential", mean: 0.01 } },
    },
    impact: { critical: { share: 1 } },
    profile: "flat",
    failover: { failback: "0s", ...failover },
  });

const simulate = async (failover: Record<string, unknown>) => {
  const fleet = twoUnits(failover);
  const run = await runFleet(fleet, { months: 6000, threads: 0 });
  return fleetResult(fleet, run.stream, run);
};

describe("the failover layer", () => {
  it("costs each primary incident min(repair, detection) of downtime, all of it attributed to detection", async () => {
    const r = await simulate({ detection: "1h", success: 1 });
    // 7.2 incidents a month × E[min(R, 1 h)] with R exponential, mean 10 h: 10 · (1 − e^(−1/10)) h each.
    const expected = (720 / 100) * 10 * (1 - Math.exp(-0.1)) * 60;
    expect(r.downtimeMin.mean.low).toBeLessThanOrEqual(expected);
    expect(r.downtimeMin.mean.high).toBeGreaterThanOrEqual(expected);
    expect(r.causes.detection).toBeGreaterThan(0.999);
  });

  it("leaves the whole incident as downtime when no failover succeeds", async () => {
    const r = await simulate({ detection: "0s", success: 0 });
    const expected = 0.1 * 720 * 60;
    expect(r.downtimeMin.mean.low).toBeLessThanOrEqual(expected);
    expect(r.downtimeMin.mean.high).toBeGreaterThanOrEqual(expected);
    expect(r.causes.failedFailover).toBeGreaterThan(0.999);
  });
});
