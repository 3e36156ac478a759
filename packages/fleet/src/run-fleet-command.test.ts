import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFleetCommand } from "./run-fleet-command.js";

const seedExercise = join(import.meta.dirname, "..", "..", "..", "fleets", "seed-exercise.yaml");

describe("faultline fleet on the shipped seed exercise", () => {
  it("writes summary.json and report.html: the naive and realistic answers, the CDF and the p95 month", async () => {
    const out = mkdtempSync(join(tmpdir(), "fleet-"));
    const { text, result } = await runFleetCommand(seedExercise, { months: 3000, threads: 0, out });
    // The textbook answer for three providers at 99.5%: 0.005³ of a 30-day month, 0.32 s.
    expect(result.closedForm.nominal.downtimeMinPerMonth * 60).toBeCloseTo(0.324, 3);
    // β = 5% alone puts a floor of about 10.8 min under it; detection and failed failovers add more.
    expect(result.downtimeMin.mean.low).toBeGreaterThan(5);
    expect(result.closedForm.nominalWithinCi).toBe(false);
    expect(text).toContain("closed form 1 − Π(1 − Aᵢ)");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.downtimeMin.p95.value).toBe(result.downtimeMin.p95.value);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toContain("naive: 1 − Π(1 − Aᵢ)");
    expect(html.match(/<svg/g)?.length).toBe(2);
    expect(readFileSync(join(out, "charts", "month-p95.vl.json"), "utf8")).toContain("fleet downtime");
  });
});
