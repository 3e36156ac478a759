import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempRuns, tempRunDir, writeCutShortRun, writeMainRun } from "../hand-run.fixture.js";
import { compareRuns } from "./compare-runs.js";
import { listRuns } from "./list-runs.js";

afterAll(removeTempRuns);

function runs() {
  const results = tempRunDir();
  const good = join(results, "2026-01-01-good");
  const worse = join(results, "2026-01-02-worse");
  const killed = join(results, "2026-01-03-killed");
  for (const d of [good, worse, killed]) mkdirSync(d);
  writeMainRun(good);
  writeMainRun(worse, { lastFailureMs: 7400 }); // outage lasts until 7.4 s: 17 failures, MTTR 1.55 s
  writeCutShortRun(killed);
  return { results, good, worse, killed };
}

describe("compareRuns", () => {
  const r = runs();

  it("puts runs side by side with the change of each figure against the baseline", () => {
    const { table, regressions } = compareRuns([r.worse], { baseline: r.good });
    expect(table).toMatch(/availability\s+96\.50%\s+91\.50%\s+-5\.00 pt/);
    expect(table).toMatch(/mttrMs\s+400\.0ms\s+900\.0ms\s+\+500\.0ms \(\+125%\)/);
    expect(regressions).toEqual([]);
  });

  it("lists a regression when a figure worsens beyond its threshold, and none within it", () => {
    const { regressions } = compareRuns([r.worse], {
      baseline: r.good,
      thresholds: { availability: 0.01, mttrMs: 1000, p99Ms: 0 },
    });
    expect(regressions).toEqual([
      "2026-01-02-worse:active-passive: availability 91.50% vs baseline 96.50% (-5.00 pt, allowed 0.01)",
    ]);
  });

  it("rejects an unknown threshold by name, with a suggestion", () => {
    expect(() => compareRuns([r.worse], { baseline: r.good, thresholds: { mttr: 1 } })).toThrow(
      /threshold "mttr" is not a compared figure.*mttrMs/
    );
  });
});

describe("listRuns", () => {
  it("lists every saved run with scenario, verdict and headline figures", () => {
    const r = runs();
    const lines = listRuns(r.results).split("\n");
    expect(lines[0]).toMatch(/^run\s+scenario\s+started\s+verdict/);
    expect(lines[2]).toMatch(
      /^2026-01-01-good\s+hand-built\s+.*pass\s+active-passive\s+96\.5%\s+400ms\s+785ms\s+900ms$/
    );
    expect(lines[3]).toMatch(/^2026-01-02-worse\s+hand-built\s+.*fail\s+active-passive\s+91\.5%/);
    expect(lines[4]).toMatch(/^2026-01-03-killed\s+\?\s+.*incomplete\s+none\s+60\.0%/);
  });

  it("says how to start when there is no run yet", () => {
    expect(listRuns(tempRunDir())).toMatch(/no runs in .* yet/);
  });
});

describe("compare thresholds in the SLO syntax", () => {
  const r = runs();

  it("reads 0.1% as a drop of 0.1 point, and 200ms as 200 ms worse, in the figure's own unit", () => {
    const { regressions } = compareRuns([r.worse], {
      baseline: r.good,
      thresholds: { availability: "0.1%", mttrMs: "200ms", p99Ms: "10s" },
    });
    expect(regressions).toEqual([
      "2026-01-02-worse:active-passive: availability 91.50% vs baseline 96.50% (-5.00 pt, allowed 0.1%)",
      "2026-01-02-worse:active-passive: mttrMs 900.0ms vs baseline 400.0ms (+500.0ms (+125%), allowed 200ms)",
    ]);
  });

  it("checks a bound such as >= 95% on every compared pass, the baseline's too", () => {
    const { regressions } = compareRuns([r.worse], { baseline: r.good, thresholds: { availability: ">= 95%" } });
    expect(regressions).toEqual(["2026-01-02-worse:active-passive: availability 91.50% does not meet >= 95%"]);
  });

  it("refuses a unit that does not fit the figure, naming the figure and an example", () => {
    expect(() => compareRuns([r.worse], { baseline: r.good, thresholds: { mttrMs: "0.1%" } })).toThrow(
      /threshold mttrMs: "0.1%" is not a threshold for a figure in ms; use mttrMs=200ms/
    );
    expect(() => compareRuns([r.worse], { baseline: r.good, thresholds: { availability: "lots" } })).toThrow(
      /availability=0\.1%/
    );
  });

  it("gives the comparison as data: one column per pass, each figure's values and changes", () => {
    const c = compareRuns([r.worse], { baseline: r.good });
    expect(c.columns.map((x) => x.label)).toEqual([
      "2026-01-01-good:active-passive",
      "2026-01-02-worse:active-passive",
    ]);
    const availability = c.rows.find((x) => x.figure === "availability")!;
    expect(availability.values).toEqual([0.965, 0.915]);
    expect(availability.changes[0]).toBeNull();
    expect(availability.changes[1]).toBeCloseTo(-0.05, 10);
  });
});
