import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventLog, type RequestRow } from "@faultline/eventlog";
import { describe, expect, it } from "vitest";
import { computeSummary } from "../summary.js";

describe("late sends", () => {
  it("counts requests sent more than 5 ms behind their schedule, apart from latency", () => {
    const path = join(mkdtempSync(join(tmpdir(), "fl-late-")), "events.db");
    const log = new EventLog(path);
    const pass = log.beginPass("none", 1000);
    // Lags of 0, 1, ... 9 ms: 6, 7, 8 and 9 are late; exactly 5 ms is not.
    for (let i = 0; i < 10; i++) {
      const row: RequestRow = {
        pass_id: pass,
        strategy: "none",
        scheduled_ms: i * 100,
        start_ms: i * 100 + i,
        first_byte_ms: null,
        end_ms: i * 100 + i + 2,
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
    log.endPass(pass, 1000, "complete");
    log.close(true);
    expect(computeSummary(path).passes[0]!.lateSends).toEqual({ count: 4, share: 0.4, thresholdMs: 5 });
  });
});
