import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { FaultlineError } from "@faultline/core";
import { EventLog } from "./event-log.js";
import type { RequestRow } from "./rows.js";

const row = (i: number, pass: number): RequestRow => ({
  pass_id: pass,
  strategy: "none",
  scheduled_ms: i,
  start_ms: i,
  first_byte_ms: i + 1,
  end_ms: i + 2,
  ok: 1,
  status: 200,
  served_by: "primary",
  attempts: 1,
  error: "x".repeat(200),
  error_class: null,
  stream: 0,
  prompt_tokens: 10,
  completion_tokens: 20,
  wasted_tokens: 0,
  request_class: null,
  request_id: null,
});

/** A log whose file may not grow past `pages` pages: SQLite then fails writes with SQLITE_FULL, as a full disk does. */
function cappedLog(pages: number): { log: EventLog; path: string; failures: FaultlineError[] } {
  const path = join(mkdtempSync(join(tmpdir(), "fl-full-")), "events.db");
  const failures: FaultlineError[] = [];
  const log = new EventLog(path, { batchSize: 50, onWriteFailure: (e) => failures.push(e) });
  log.db.pragma(`max_page_count = ${pages}`);
  return { log, path, failures };
}

describe("EventLog on a disk that fills", () => {
  it("reports the first write failure once, with its code and path, and never throws", () => {
    const { log, path, failures } = cappedLog(40);
    const pass = log.beginPass("none", 1000);
    expect(() => {
      for (let i = 0; i < 5_000; i++) log.append("requests", row(i, pass));
    }).not.toThrow();
    expect(failures).toHaveLength(1);
    expect(failures[0]!.code).toBe("FAULTLINE_LOG_WRITE_FAILED");
    expect(failures[0]!.message).toContain(path);
    expect(failures[0]!.message).toMatch(/the disk is full \(SQLITE_FULL/);
    expect(log.writeFailure).toBe(failures[0]);
    expect(log.rowsDropped).toBeGreaterThan(0);
    expect(log.maxBuffered).toBeLessThanOrEqual(50);
  });

  it("frees its reserve, records how the pass ended and keeps every committed row readable", () => {
    const { log, path } = cappedLog(40);
    expect(existsSync(`${path}-reserve`)).toBe(true);
    const pass = log.beginPass("none", 1000);
    for (let i = 0; i < 5_000; i++) log.append("requests", row(i, pass));
    expect(existsSync(`${path}-reserve`)).toBe(false);
    log.endPass(pass, 1000, "aborted", log.writeFailure!.message);
    expect(() => log.close(false)).not.toThrow();
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT status, abort_reason FROM passes").get()).toMatchObject({
      status: "aborted",
      abort_reason: expect.stringMatching(/FULL/),
    });
    expect((db.prepare("SELECT COUNT(*) AS n FROM requests").get() as { n: number }).n).toBe(log.rowsWritten);
    expect(log.rowsWritten).toBeGreaterThan(0);
  });

  it("removes its reserve when it closes normally", () => {
    const path = join(mkdtempSync(join(tmpdir(), "fl-full-")), "events.db");
    const log = new EventLog(path);
    log.close(true);
    expect(existsSync(`${path}-reserve`)).toBe(false);
  });
});
