import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventLog, type RequestRow } from "@faultline/eventlog";
import { describe, expect, it } from "vitest";
import { computeSummary } from "./summary.js";

const STEADY = {
  availability: { op: ">=", value: 0.99, text: ">= 99%" },
  p99: { op: "<=", value: 100, text: "<= 100ms" },
};

/** 100 requests before the attack at 1 s (2 failed, one slow at 200 ms), 100 failed ones after it. */
function writeRun(steadyState: object = STEADY): string {
  const path = join(mkdtempSync(join(tmpdir(), "fl-steady-")), "events.db");
  const log = new EventLog(path);
  log.setMeta("gate_strategy", "active-passive");
  log.setMeta("complete", "1");
  log.setMeta("steady_state", JSON.stringify(steadyState));
  const pass = log.beginPass("active-passive", 2000);
  log.planAttack({
    passId: pass,
    strategy: "active-passive",
    attackId: "a",
    target: "primary",
    fault: "disable",
    params: {},
    plannedMs: 1000,
    endMs: 2000,
  });
  for (let i = 0; i < 200; i++) {
    const s = i * 10;
    const failed = i === 3 || i === 4 || i >= 100;
    const row: RequestRow = {
      pass_id: pass,
      strategy: "active-passive",
      scheduled_ms: s,
      start_ms: s,
      first_byte_ms: null,
      end_ms: s + (i === 50 ? 200 : 5),
      ok: failed ? 0 : 1,
      status: failed ? 503 : 200,
      served_by: "primary",
      attempts: 1,
      error: null,
      error_class: failed ? "http_5xx" : null,
      stream: 0,
      prompt_tokens: 1,
      completion_tokens: 1,
      wasted_tokens: 0,
      request_class: null,
      request_id: null,
    };
    log.append("requests", row);
  }
  log.endPass(pass, 2000, "complete");
  log.close(true);
  return path;
}

describe("the steady-state hypothesis", () => {
  it("is checked on the requests asked before the first attack only", () => {
    const checks = computeSummary(writeRun()).slo.checks.filter((c) => c.name.startsWith("steadyState."));
    // 98 of the 100 pre-attack requests succeeded; the 99th-smallest latency of 100 is 5 ms (only the max is 200 ms).
    expect(checks).toEqual([
      { strategy: "active-passive", name: "steadyState.availability", threshold: ">= 99%", actual: 0.98, ok: false },
      { strategy: "active-passive", name: "steadyState.p99", threshold: "<= 100ms", actual: 5, ok: true },
    ]);
  });

  it("fails the verdict of the gating strategy when it does not hold", () => {
    expect(computeSummary(writeRun()).slo.verdict).toBe("fail");
  });

  it("reports an incident figure such as mttr as a failed check with no value, instead of crashing the report", () => {
    const checks = computeSummary(writeRun({ mttr: { op: "<=", value: 5000, text: "<= 5s" } })).slo.checks.filter((c) =>
      c.name.startsWith("steadyState.")
    );
    expect(checks).toEqual([
      { strategy: "active-passive", name: "steadyState.mttr", threshold: "<= 5s", actual: null, ok: false },
    ]);
  });

  it("computes p99 the way the summary does, from the log histogram", () => {
    // 100 requests, no attack: the steady window is the whole pass. Latencies 1000..1099 ms fall
    // in 1%-wide buckets, so the histogram's p99 (its bucket's largest sample, 1099) is not the exact 1098.
    const path = join(mkdtempSync(join(tmpdir(), "fl-steady-")), "events.db");
    const log = new EventLog(path);
    log.setMeta("complete", "1");
    log.setMeta("steady_state", JSON.stringify({ p99: { op: "<=", value: 1000, text: "<= 1s" } }));
    const pass = log.beginPass("active-passive", 2000);
    for (let i = 0; i < 100; i++) {
      const row: RequestRow = {
        pass_id: pass,
        strategy: "active-passive",
        scheduled_ms: i * 10,
        start_ms: i * 10,
        first_byte_ms: null,
        end_ms: i * 10 + 1000 + i,
        ok: 1,
        status: 200,
        served_by: "primary",
        attempts: 1,
        error: null,
        error_class: null,
        stream: 0,
        prompt_tokens: 1,
        completion_tokens: 1,
        wasted_tokens: 0,
        request_class: null,
        request_id: null,
      };
      log.append("requests", row);
    }
    log.endPass(pass, 2000, "complete");
    log.close(true);
    const summary = computeSummary(path);
    const steady = summary.slo.checks.find((c) => c.name === "steadyState.p99")!;
    expect(steady.actual).toBe(summary.passes[0]!.latency!.p99);
    expect(steady.actual).toBe(1099);
  });
});
