import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport, summaryJson } from "./build-report.js";
import { removeTempRuns, tempRunDir, writeCutShortRun, writeMainRun } from "./hand-run.fixture.js";
import { computeSummary } from "./summary.js";

afterAll(removeTempRuns);

const CHARTS = [
  "failover-times",
  "availability",
  "latency",
  "throughput",
  "under-attack",
  "cost",
  "timeline",
  "latency-cdf",
  "ttft",
];

describe("buildReport", () => {
  it("writes summary.json, summary.md, report.html and every chart as SVG, PNG and vega-lite JSON", async () => {
    const dir = tempRunDir();
    writeMainRun(dir);
    const summary = await buildReport(dir);
    expect(readFileSync(join(dir, "summary.json"), "utf8")).toBe(summaryJson(computeSummary(join(dir, "events.db"))));
    expect(summary.slo.verdict).toBe("pass");
    for (const name of CHARTS) {
      expect(readFileSync(join(dir, "charts", `${name}.svg`), "utf8")).toMatch(/^<svg/);
      expect(
        readFileSync(join(dir, "charts", `${name}.png`))
          .subarray(1, 4)
          .toString()
      ).toBe("PNG");
      expect(JSON.parse(readFileSync(join(dir, "charts", `${name}.vl.json`), "utf8")).$schema).toContain("vega-lite");
    }
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("SLO verdict for active-passive: PASS");
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(CHARTS.length);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/); // works offline: nothing fetched
    expect(html).toContain("outage: disable on primary");
    for (const attack of ["quiet", "outage", "overlap"])
      expect(readFileSync(join(dir, "charts", `incident-1-${attack}.svg`), "utf8")).toMatch(/^<svg/);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("| active-passive (gate) | white | 200 | 96.5% |");
  });

  it("rebuilds byte-identical summary.json from the same events.db", async () => {
    const dir = tempRunDir();
    writeMainRun(dir);
    await buildReport(dir);
    const first = readFileSync(join(dir, "summary.json"));
    await buildReport(dir);
    expect(readFileSync(join(dir, "summary.json")).equals(first)).toBe(true);
  });

  it("reports a run cut short as incomplete", async () => {
    const dir = tempRunDir();
    writeCutShortRun(dir);
    const summary = await buildReport(dir);
    expect(summary.slo.verdict).toBe("incomplete");
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("incomplete: the run was cut short");
    expect(existsSync(join(dir, "charts", "timeline.png"))).toBe(true);
  });
});
