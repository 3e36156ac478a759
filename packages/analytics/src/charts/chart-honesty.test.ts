import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { buildReport } from "../build-report.js";
import { removeTempRuns, tempRunDir, writeMainRun } from "../hand-run.fixture.js";

afterAll(removeTempRuns);

/** A chart's vega-lite spec as the report saved it. */
const spec = (dir: string, name: string) =>
  JSON.parse(readFileSync(join(dir, "charts", `${name}.vl.json`), "utf8")) as {
    data?: { values: Array<Record<string, unknown>> };
    encoding?: { x?: { sort?: unknown } };
    layer?: Array<{ data?: { values: Array<Record<string, unknown>> } }>;
  };

describe("charts that do not mislead", () => {
  const dir = tempRunDir();
  writeMainRun(dir); // successes take 50 ms; the outage's failures 30 ms (connect) and 1,000 ms (cut, timeout)
  // Renamed so that its name sorts after the later "overlap": the chart must follow time, not names.
  const db = new Database(join(dir, "events.db"));
  db.prepare("UPDATE attacks SET attack_id = 'z-outage' WHERE attack_id = 'outage'").run();
  db.close();
  const built = buildReport(dir);

  it("plots the latency of successful requests only, so fast failures cannot read as latency dropping", async () => {
    await built;
    const s = spec(dir, "latency");
    const values = (s.data?.values ?? s.layer!.flatMap((l) => l.data?.values ?? []))
      .filter((v) => v.series === "p50" || v.series === "p99")
      .map((v) => v.value);
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values)).toEqual(new Set([50]));
  });

  it("orders failover-times groups as incidents happened, draws no failback where nothing failed over", async () => {
    await built;
    const s = spec(dir, "failover-times");
    // By name: overlap, z-outage. In time: z-outage (6 s), then overlap (8 s). "quiet" (2 s) had nothing to plot.
    expect(s.encoding!.x!.sort).toEqual(["active-passive · z-outage", "active-passive · overlap"]);
    // overlap was detected but never failed over: no failback bar for it.
    const failbacks = s.data!.values.filter((v) => v.measure === "fail back").map((v) => v.group);
    expect(failbacks).toEqual(["active-passive · z-outage"]);
  });

  it("gives the backup its own health and breaker lanes, though only the primary changed state", async () => {
    await built;
    const timeline = JSON.parse(readFileSync(join(dir, "charts", "timeline.vl.json"), "utf8")) as {
      vconcat: Array<{ data: { values: Array<{ lane: string; state: string; start: number }> } }>;
    };
    const backup = timeline.vconcat[0]!.data.values.filter((v) => v.lane.startsWith("backup "));
    expect(backup.map((v) => [v.lane, v.state, v.start]).sort()).toEqual([
      ["backup breaker", "closed", 0],
      ["backup health", "healthy", 0],
    ]);
  });
});
