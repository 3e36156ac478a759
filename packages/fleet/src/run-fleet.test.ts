import { describe, expect, it } from "vitest";
import { fleetResult } from "./fleet-result.js";
import { resolveFleet } from "./resolve-fleet.js";
import { runFleet } from "./run-fleet.js";

const fleet = (seed: number) =>
  resolveFleet({
    name: "repeatable",
    seed,
    providers: { a: { models: ["m1", "m2"], correlation: 0.5 }, b: {} },
    commonCause: { beta: 0.05 },
  });

const figures = async (seed: number, threads: number) => {
  const f = fleet(seed);
  const run = await runFleet(f, { months: 4500, threads });
  const { elapsedMs: _e, threads: _t, ...rest } = fleetResult(f, run.stream, run);
  return rest;
};

describe("runFleet", () => {
  it("gives the same result for the same seed, whether inline or on worker threads", async () => {
    const inline = await figures(3, 0);
    expect(await figures(3, 2)).toEqual(inline);
    expect((await figures(4, 0)).downtimeMin.mean.value).not.toBe(inline.downtimeMin.mean.value);
  });

  it("counts provider-months as months × providers, and the causes' shares add up to 1", async () => {
    const r = await figures(5, 0);
    expect(r.months).toBe(4500);
    expect(r.providerMonths).toBe(9000);
    expect(Object.values(r.causes).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(r.downtimeMin.p50.value).toBeLessThanOrEqual(r.downtimeMin.p95.value);
    expect(r.downtimeMin.p95.low).toBeLessThanOrEqual(r.downtimeMin.p95.value);
    expect(r.downtimeMin.p95.high).toBeGreaterThanOrEqual(r.downtimeMin.p95.value);
  });
});
