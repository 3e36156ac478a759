import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EventLog, type RequestRow } from "@faultline/eventlog";
import { computeSummary } from "../summary.js";
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
        { tier: "full", answers: 20, share: 0.5, quality: 1, timeMs: 2000 },
        { tier: "degraded", answers: 20, share: 0.5, quality: 0.8, timeMs: 2000 },
      ],
      unservedMs: 1000,
      bucketMs: 1000,
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
