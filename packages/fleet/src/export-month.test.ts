import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario } from "@faultline/scenario";
import { describe, expect, it } from "vitest";
import { captureMonth } from "./capture-month.js";
import { exportMonthScenario, PREDICTION_MARKER } from "./export-month.js";
import { resolveFleet } from "./resolve-fleet.js";

const fleet = resolveFleet({
  name: "two-clouds",
  seed: 5,
  providers: { alpha: { models: ["big", "small"], regions: ["us"] }, beta: { regions: ["us", "eu"] } },
  failover: { chain: ["alpha/big@us", "beta@us", "alpha/small"] },
});

describe("an exported month", () => {
  it("plays as a valid scenario whose attacks are the month's incidents on the matching nodes", async () => {
    const month = captureMonth(fleet, 2, 500);
    const { yaml, prediction } = exportMonthScenario(fleet, month, { percentile: 0.95, timeScale: 10 / 3600 });
    const file = join(mkdtempSync(join(tmpdir(), "fleet-export-")), "month.yaml");
    writeFileSync(file, yaml);
    const scenario = await loadScenario(file);
    expect(scenario.nodes.map((n) => n.name)).toEqual(["alpha-big-us", "beta-default-us", "alpha-small-us"]);
    const chainImpairments = (month.tally.impairments ?? []).filter((i) => fleet.failover.chain.includes(i.unit));
    const primary = chainImpairments.filter((i) => i.unit === fleet.failover.chain[0]);
    // Every impairment of a chain unit is at least one attack; none target a unit outside the chain (beta@eu).
    expect(scenario.attacks.length).toBeGreaterThanOrEqual(chainImpairments.length);
    expect(yaml).not.toContain("beta-default-eu");
    expect(yaml.split("\n").filter((l) => l.includes("target: alpha-big-us") && !l.includes("-slow")).length).toBe(
      primary.length
    );
    expect(yaml).toContain(PREDICTION_MARKER);
    expect(prediction.downtimeMs).toBeCloseTo(month.tally.downtimeH * 10_000, 6);
    expect(scenario.durationMs).toBe(720 * 10_000);
  });
});
