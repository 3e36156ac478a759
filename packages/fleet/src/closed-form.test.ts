import { describe, expect, it } from "vitest";
import { fleetResult } from "./fleet-result.js";
import { resolveFleet } from "./resolve-fleet.js";
import { runFleet } from "./run-fleet.js";

/** Three providers with daily-scale repairs, so the fleet is down often enough to measure in a few thousand months. */
const independent = (beta = 0) =>
  resolveFleet({
    name: "textbook",
    seed: 11,
    providers: Object.fromEntries(
      [
        ["a", "80%"],
        ["b", "85%"],
        ["c", "90%"],
      ].map(([n, a]) => [n, { availability: a, repair: { dist: "exponential", mean: 24 } }])
    ),
    impact: { critical: { share: 1 } },
    profile: "flat",
    commonCause: { beta },
    failover: { detection: "0s", success: 1, failback: "0s" },
  });

describe("the closed-form check", () => {
  it("independent units with instant, perfect failover match 1 − Π(1 − Aᵢ) within the simulation's CI", async () => {
    const fleet = independent();
    const run = await runFleet(fleet, { months: 4000, threads: 0 });
    const r = fleetResult(fleet, run.stream, run);
    const expected = 0.2 * 0.15 * 0.1 * 720 * 60;
    expect(r.closedForm.nominal.downtimeMinPerMonth).toBeCloseTo(expected, 6);
    expect(r.downtimeMin.mean.low).toBeLessThanOrEqual(expected);
    expect(r.downtimeMin.mean.high).toBeGreaterThanOrEqual(expected);
    expect(r.closedForm.nominalWithinCi).toBe(true);
    expect(r.causes.independent).toBe(1);
  });

  it("a common-cause share β raises the floor to β·U plus the independent overlap of what is left", async () => {
    const beta = 0.2;
    const fleet = independent(beta);
    const run = await runFleet(fleet, { months: 4000, threads: 0 });
    const r = fleetResult(fleet, run.stream, run);
    // β-factor model: common events take β of each provider's unavailability U; each provider keeps (1 − β)·U.
    // Providers differ, so the common share is β times the mean U (the mean incident rate times the mean repair).
    const repair = 24;
    const rates = [0.8, 0.85, 0.9].map((a) => 1 / (repair / (1 - a)));
    const uCommon = beta * repair * (rates.reduce((s, x) => s + x, 0) / 3);
    const uOwn = [0.2, 0.15, 0.1].map((u) => (1 - beta) * u);
    const expected = (uCommon + (1 - uCommon) * uOwn.reduce((p, u) => p * u, 1)) * 720 * 60;
    expect(r.downtimeMin.mean.low).toBeLessThanOrEqual(expected);
    expect(r.downtimeMin.mean.high).toBeGreaterThanOrEqual(expected);
    expect(r.downtimeMin.mean.value).toBeGreaterThan(r.closedForm.nominal.downtimeMinPerMonth * 3);
    expect(r.causes.correlated).toBeGreaterThan(0.5);
  });
});
