import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EventLog } from "@faultline/eventlog";
import { percentilesOverTime } from "../charts/series.js";
import { openRunDb, type PassRow } from "../run-db.js";
import { removeTempRuns, tempRunDir } from "../hand-run.fixture.js";
import { percentilesOf } from "./histogram.js";
import { scanPass, seriesBucketMs } from "./pass-scan.js";

afterAll(removeTempRuns);

/** A 20-minute pass, 4 requests a second, latencies of 20 ms, 90 ms and 1.5 s (a few 5 s). */
function writeLongRun(): string {
  const path = join(tempRunDir(), "events.db");
  const log = new EventLog(path);
  const pass = log.beginPass("active-passive", 1_200_000);
  for (let i = 0; i < 4800; i++) {
    const s = i * 250;
    const latency = [20, 90, 1500][(i * 7919) % 3]! + (i % 1000 === 0 ? 4000 : 0);
    log.append("requests", {
      pass_id: pass,
      strategy: "active-passive",
      scheduled_ms: s,
      start_ms: s,
      first_byte_ms: i % 3 ? s + latency / 3 : null,
      end_ms: s + latency,
      ok: i % 50 ? 1 : 0,
      status: i % 50 ? 200 : 503,
      served_by: "primary",
      attempts: 1,
      error: null,
      error_class: i % 50 ? null : "http_5xx",
      stream: i % 3 ? 1 : 0,
      prompt_tokens: 10,
      completion_tokens: 1 + (i % 40),
      wasted_tokens: 0,
      request_class: null,
      request_id: `r${i}`,
    });
  }
  log.endPass(pass, 1_200_000, "complete");
  log.close(true);
  return path;
}

describe("the histograms scanned at the charts' width", () => {
  const run = openRunDb(writeLongRun());
  afterAll(() => run.db.close());
  const pass = run.passes[0]!;
  const width = seriesBucketMs(run.passes);
  const wide = scanPass(run.db, pass, run.passes);
  // A pass list whose longest pass is a second: the width it gives is the old one, a second.
  const perSecond = scanPass(run.db, pass, [{ ...pass, endMs: 1 } as PassRow]);

  it("are a chart bucket wide, not a second, on a long pass", () => {
    expect(width).toBe(4000);
    expect(wide.histBucketMs).toBe(4000);
    expect(perSecond.histBucketMs).toBe(1000);
    expect(wide.latency.length).toBeLessThan(perSecond.latency.length / 2);
  });

  it("give the same percentiles of the pass as per-second cells", () => {
    for (const part of ["latency", "ttft", "itl"] as const)
      expect(percentilesOf(wide[part])).toEqual(percentilesOf(perSecond[part]));
  });

  it("draw the same series over time as per-second cells", () => {
    for (const part of ["latency", "ttft", "itl"] as const) {
      const series = percentilesOverTime(wide, wide[part], "x", width);
      expect(series.length).toBeGreaterThan(200);
      expect(series).toEqual(percentilesOverTime(perSecond, perSecond[part], "x", width));
    }
  });
});
