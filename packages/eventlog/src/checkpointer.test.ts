import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { EventLog } from "./event-log.js";
import { WalCheckpointer } from "./checkpointer.js";

/** A log with a few hundred committed rows: all of them in the WAL, none yet in the file itself. */
function logWithRows(checkpointIntervalMs: number): { log: EventLog; path: string; fileBytes: number } {
  const path = join(mkdtempSync(join(tmpdir(), "fl-ckpt-")), "events.db");
  const log = new EventLog(path, { checkpointIntervalMs });
  const fileBytes = statSync(path).size;
  const pass = log.beginPass("none", 1000);
  for (let i = 0; i < 400; i++)
    log.append("node_events", { pass_id: pass, t_ms: i, node: "primary", kind: "sample", detail: "x".repeat(200) });
  log.flush();
  return { log, path, fileBytes };
}

describe("the WAL checkpoint", () => {
  it("is left to a worker thread: the writer's commits never checkpoint, and the rows reach the file", async () => {
    const { log, path, fileBytes } = logWithRows(20);
    expect(log.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    // Copying the WAL's pages into the file grows it; only the worker copies them while the log is open.
    await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(fileBytes), { timeout: 5000 });
    log.close(true);
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT COUNT(*) AS n FROM node_events").get()).toEqual({ n: 400 });
  });

  it("stops only once the worker's connection is closed, so nothing holds the file after the writer closes", () => {
    const { log, path } = logWithRows(0);
    const checkpointer = new WalCheckpointer(path, 20);
    checkpointer.stop();
    expect(checkpointer.connectionClosed).toBe(true);
    log.close(true);
    // The last connection to close removes the WAL and its index.
    expect([existsSync(`${path}-wal`), existsSync(`${path}-shm`)]).toEqual([false, false]);
  });

  it("stays with SQLite, inside the commits, when the interval is 0", () => {
    const { log, path, fileBytes } = logWithRows(0);
    expect(log.db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    // Under SQLite's 1,000-page threshold nothing is copied before close.
    expect(statSync(path).size).toBe(fileBytes);
    log.close(true);
    expect(statSync(path).size).toBeGreaterThan(fileBytes);
  });
});
