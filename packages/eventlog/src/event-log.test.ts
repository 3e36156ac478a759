import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { EventLog } from "./event-log.js";
import type { RequestRow } from "./rows.js";

const row = (i: number): RequestRow => ({
  pass_id: 1,
  strategy: "none",
  scheduled_ms: i,
  start_ms: i,
  first_byte_ms: i + 1,
  end_ms: i + 2,
  ok: 1,
  status: 200,
  served_by: "primary",
  attempts: 1,
  error: null,
  error_class: null,
  stream: 0,
  prompt_tokens: 10,
  completion_tokens: 20,
  wasted_tokens: 0,
  request_class: null,
  request_id: null,
});

describe("EventLog", () => {
  it("commits every appended row and never holds more than one batch in memory", () => {
    const path = join(mkdtempSync(join(tmpdir(), "fl-log-")), "events.db");
    const log = new EventLog(path, { batchSize: 100 });
    const pass = log.beginPass("none", 1000);
    for (let i = 0; i < 1050; i++) log.append("requests", { ...row(i), pass_id: pass });
    expect(log.maxBuffered).toBeLessThanOrEqual(100);
    log.endPass(pass, 1000, "complete");
    log.close(true);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM requests").get()).toEqual({ n: 1050 });
    expect(db.prepare("SELECT status FROM passes").get()).toEqual({ status: "complete" });
    expect(db.prepare("SELECT value FROM meta WHERE key='complete'").get()).toEqual({ value: "1" });
  });

  it("records attacks with their planned time, start and verified revert", () => {
    const path = join(mkdtempSync(join(tmpdir(), "fl-log-")), "events.db");
    const log = new EventLog(path);
    const pass = log.beginPass("active-passive", 5000);
    const id = log.planAttack({
      passId: pass,
      strategy: "active-passive",
      attackId: "a1",
      target: "primary",
      fault: "disable",
      params: {},
      plannedMs: 1000,
      endMs: 3000,
    });
    log.attackStarted(id, 1001.5);
    log.attackReverted(id, 3002, true);
    log.close(true);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT planned_ms, start_ms, reverted_ms, verified FROM attacks").get()).toEqual({
      planned_ms: 1000,
      start_ms: 1001.5,
      reverted_ms: 3002,
      verified: 1,
    });
  });
});
