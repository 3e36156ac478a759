import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";
import { compareRuns } from "../compare/compare-runs.js";
import { removeTempRuns, tempRunDir, writeTwoStrategyRun } from "../hand-run.fixture.js";
import { computeSummary } from "../summary.js";
import { PAPER_CITATION, paperComparison } from "./paper.js";
import { formatSummaryTable } from "./summary-table.js";

afterAll(removeTempRuns);

describe("a run with a none pass and an active-passive pass", () => {
  const dir = tempRunDir();
  writeTwoStrategyRun(dir);
  const summary = computeSummary(join(dir, "events.db"));

  it("sets our figures beside the paper's: none against manual, active-passive against proposed", () => {
    // none: 170 of 200 succeed; the outage lasts from the failure asked at 6 s to the answer at 9.05 s, 30 buckets
    // down.
    // active-passive: 195 of 200; recovered at 6.55 s; 5 buckets down; failover at 6.55 s.
    expect(paperComparison(summary)).toEqual([
      { name: "availability", unit: "%", paperManual: 85.2, paperProposed: 99.4, oursManual: 85, oursProposed: 97.5 },
      { name: "MTTR", unit: "s", paperManual: 13.4, paperProposed: 3.8, oursManual: 3.05, oursProposed: 0.55 },
      { name: "downtime", unit: "s", paperManual: 22, paperProposed: 6.2, oursManual: 3, oursProposed: 0.5 },
      { name: "success rate", unit: "%", paperManual: 78, paperProposed: 96, oursManual: 85, oursProposed: 97.5 },
      { name: "failover time", unit: "s", paperManual: null, paperProposed: 4, oursManual: null, oursProposed: 0.55 },
    ]);
  });

  it("judges only the gate strategy, reporting the baseline's checks without gating on them", () => {
    expect(summary.slo.verdict).toBe("pass");
    expect(summary.slo.checks.map((c) => [c.strategy, c.ok])).toEqual([
      ["none", false],
      ["active-passive", true],
    ]);
    expect(formatSummaryTable(summary)).toMatch(
      /^system\s+view\s+requests\s+availability[^\n]*\n-+[\s-]+\nnone\s+white\s+200\s+85\.0%[^\n]*\nactive-passive \(gate\)\s+white\s+200\s+97\.5%[^\n]*\nSLO verdict for active-passive: PASS\n$/
    );
  });

  it("compares the strategies of one run side by side, with the change", () => {
    const { table } = compareRuns([dir]);
    expect(table).toMatch(/figure\s+none\s+active-passive\s+change/);
    expect(table).toMatch(/availability\s+85\.00%\s+97\.50%\s+\+12\.50 pt/);
    expect(table).toMatch(/mttrMs\s+3050\.0ms\s+550\.0ms\s+-2500\.0ms \(-82%\)/);
  });

  it("sets nothing beside the paper for another scenario", () => {
    expect(paperComparison({ ...summary, run: { ...summary.run, scenario: "latency-ramp" } })).toBeNull();
  });

  it("puts the comparison in summary.md", async () => {
    await buildReport(dir);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("| availability | 85.2% | 85% | 99.4% | 97.5% |");
    // Cited by name, in the summary and on the page.
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain(PAPER_CITATION);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("Multi-Cloud Failover Analysis and Self-Recovery");
  });
});
