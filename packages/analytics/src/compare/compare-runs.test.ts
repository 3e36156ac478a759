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
