import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EventLog, type RequestRow } from "@faultline/eventlog";
import Database from "better-sqlite3";
import { computeSummary } from "../summary.js";
import { tiersOverTime } from "../charts/series.js";
import type { PassRow } from "../run-db.js";
import { removeTempRuns, tempRunDir } from "../hand-run.fixture.js";

afterAll(removeTempRuns);

const request = (pass: number, s: number, servedBy: string | null): RequestRow => ({
  pass_id: pass,
  strategy: "active-passive",
  scheduled_ms: s,
  start_ms: s,
  first_byte_ms: null,
  end_ms: s + 50,
  ok: servedBy === null ? 0 : 1,
  status: servedBy === null ? 503 : 200,
  served_by: servedBy,
  attempts: 1,
  error: servedBy === null ? "down" : null,
  error_class: servedBy === null ? "http_5xx" : null,
  stream: 0,
  prompt_tokens: 10,
  completion_tokens: 5,
  wasted_tokens: 0,
  request_class: null,
  request_id: `r${s}`,
});

/**
 * A 5 s pass, ten requests a second: the full primary serves the first 2 s, the degraded backup (quality 0.8) the
 * next 2 s, and nothing answers in the last second.
 */
function writeRun(): string {
  const path = join(tempRunDir(), "events.db");
  const log = new EventLog(path);
  const pass = log.beginPass("active-passive", 5000);
  log.recordNodes(pass, [
    { name: "primary", tier: "full", quality: 1 },
    { name: "small", tier: "degraded", quality: 0.8 },
  ]);
  for (let s = 0; s < 5000; s += 100)
    log.append("requests", request(pass, s, s < 2000 ? "primary" : s < 4000 ? "small" : null));
  log.endPass(pass, 5000, "complete");
  log.close(true);
  return path;
}

describe("the degradation-tier figures", () => {
  it("give quality-weighted availability and answers and time per tier, from the serving nodes' tiers", () => {
    expect(computeSummary(writeRun()).passes[0]!.tiers).toEqual({
      requests: 50,
      // (20 x 1 + 20 x 0.8) / 50
      qualityWeightedAvailability: 0.72,
      availability: 0.8,
      tiers: [
        { tier: "full", answers: 20, share: 0.4, quality: 1, timeMs: 2000 },
        { tier: "degraded", answers: 20, share: 0.4, quality: 0.8, timeMs: 2000 },
      ],
      unservedMs: 1000,
      bucketMs: 1000,
      queue: null,
    });
  });

  it("count cached answers at their tier and weight, the maintenance answer as emergency, and the queue", () => {
    const path = join(tempRunDir(), "events.db");
    const log = new EventLog(path);
    const pass = log.beginPass("active-passive", 6000);
    log.recordNodes(pass, [
      { name: "primary", tier: "full", quality: 1 },
      { name: "small", tier: "degraded", quality: 0.8 },
    ]);
    // Full for 2 s, degraded 1 s, cached 1 s, the maintenance answer after the queue 1 s, rescued by the primary 1 s.
    for (let s = 0; s < 6000; s += 100) {
      const phase = Math.floor(s / 1000);
      const row = request(pass, s, phase <= 1 || phase === 5 ? "primary" : phase === 2 ? "small" : null);
      if (phase === 3) Object.assign(row, { ok: 1, status: 200, served_by: "primary", tier: "minimal", quality: 0.5 });
      if (phase === 4)
        Object.assign(row, { error_class: "maintenance", tier: "emergency", queue_outcome: "timed_out" });
      if (phase === 4) row.queued_ms = 800;
      if (phase === 5) Object.assign(row, { tier: "full", quality: 1, queue_outcome: "rescued", queued_ms: 300 });
      log.append("requests", row);
    }
    log.endPass(pass, 6000, "complete");
    log.close(true);
    const db = new Database(path, { readonly: true });
    const points = tiersOverTime(db, { id: pass } as PassRow, "ap", 1000);
    db.close();
    // Every tier has a point in every second, 0 where it served nothing (a stacked area must not bridge a gap).
    expect(points).toHaveLength(6 * 4);
    expect(points.filter((p) => p.t === 3).map((p) => [p.series, p.value])).toEqual([
      ["full", 0],
      ["degraded", 0],
      ["minimal", 10],
      ["emergency", 0],
    ]);
    expect(computeSummary(path).passes[0]!.tiers).toEqual({
      requests: 60,
      // (30 x 1 + 10 x 0.8 + 10 x 0.5) / 60; the maintenance answers weigh nothing
      qualityWeightedAvailability: 0.716667,
      availability: 0.833333,
      tiers: [
        { tier: "full", answers: 30, share: 0.5, quality: 1, timeMs: 3000 },
        { tier: "degraded", answers: 10, share: 0.166667, quality: 0.8, timeMs: 1000 },
        { tier: "minimal", answers: 10, share: 0.166667, quality: 0.5, timeMs: 1000 },
        { tier: "emergency", answers: 10, share: 0.166667, quality: 0, timeMs: 1000 },
      ],
      unservedMs: 0,
      bucketMs: 1000,
      queue: { queued: 20, rescued: 10, timed_out: 10, overflow: 0, failed: 0, longestWaitMs: 800 },
    });
  });

  it("are absent when every node serves at full quality", () => {
    const path = join(tempRunDir(), "events.db");
    const log = new EventLog(path);
    const pass = log.beginPass("active-passive", 1000);
    log.recordNodes(pass, [{ name: "primary", tier: "full", quality: 1 }]);
    log.append("requests", request(pass, 0, "primary"));
    log.endPass(pass, 1000, "complete");
    log.close(true);
    expect(computeSummary(path).passes[0]!.tiers).toBeNull();
  });
});
