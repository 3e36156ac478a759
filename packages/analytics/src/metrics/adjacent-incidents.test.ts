import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventLog, type RequestRow } from "@faultline/eventlog";
import { describe, expect, it } from "vitest";
import { computeSummary } from "../summary.js";

/**
 * The paper's shape: latency on the primary 1-2 s (its revert acknowledged at 2,005 ms), then a
 * disable from 2,001 ms to 5 s. Requests every 10 ms; those asked 2,010-2,490 ms fail, from
 * 2,500 ms the backup serves.
 */
function writeRun(): string {
  const path = join(mkdtempSync(join(tmpdir(), "fl-adjacent-")), "events.db");
  const log = new EventLog(path);
  log.setMeta("client_order", JSON.stringify(["primary", "backup"]));
  log.setMeta("gate_strategy", "active-passive");
  const pass = log.beginPass("active-passive", 6000);
  const plan = (attackId: string, fault: string, start: number, plannedEnd: number, reverted: number) => {
    const id = log.planAttack({
      passId: pass,
      strategy: "active-passive",
      attackId,
      target: "primary",
      fault,
      params: {},
      plannedMs: start,
      endMs: plannedEnd,
    });
    log.attackStarted(id, start);
    log.attackReverted(id, reverted, true);
  };
  plan("slow", "latency", 1000, 2000, 2005);
  plan("down", "disable", 2001, 5000, 5003);
  for (let s = 0; s < 6000; s += 10) {
    const failed = s >= 2010 && s < 2500;
    const row: RequestRow = {
      pass_id: pass,
      strategy: "active-passive",
      scheduled_ms: s,
      start_ms: s,
      first_byte_ms: null,
      end_ms: s + 5,
      ok: failed ? 0 : 1,
      status: failed ? 503 : 200,
      served_by: s >= 2500 && s < 5000 ? "backup" : "primary",
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
  log.endPass(pass, 6000, "complete");
  log.close(true);
  return path;
}

describe("back-to-back attacks", () => {
  const [slow, down] = computeSummary(writeRun()).passes[0]!.incidents;

  it("are not overlapping: the first window ends at its revert, not 10 s of grace later", () => {
    expect(slow).toMatchObject({ overlapping: false, windowEndMs: 2005, requestsLost: 0, downtimeMs: 0 });
    expect(down).toMatchObject({ overlapping: false, requestsLost: 49, downtimeMs: 500 });
  });

  it("give the quiet one no failover time, since nothing failed and nothing reacted in it", () => {
    expect(slow!.timeToFailoverMs).toBeNull();
    // The first success on the backup was asked at 2,500 ms and answered at 2,505 ms (no first byte recorded).
    expect(down!.timeToFailoverMs).toBe(504);
  });
});
