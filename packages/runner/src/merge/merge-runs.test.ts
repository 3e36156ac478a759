import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { SCHEMA_SQL } from "@faultline/eventlog";
import { describe, expect, it } from "vitest";
import { mergeShardRuns } from "./merge-runs.js";

/** A shard's run folder with one pass and the given requests ([request id, scheduled, end]). */
function shardRun(root: string, index: number, skewMs: number, requests: Array<[string, number, number]>): string {
  const dir = join(root, `shard${index}`);
  mkdirSync(dir);
  const db = new Database(join(dir, "events.db"));
  db.exec(SCHEMA_SQL);
  const meta = {
    scenario_name: "s",
    seed: "1",
    shard_index: String(index),
    shard_count: "2",
    shard_start_at: "2026-01-01T00:00:00.000Z",
    shard_start_skew_ms: JSON.stringify({ "1": skewMs }),
    complete: "1",
  };
  for (const [k, v] of Object.entries(meta)) db.prepare("INSERT INTO meta VALUES (?, ?)").run(k, v);
  db.prepare(
    "INSERT INTO passes (id, strategy, started_at, planned_ms, end_ms, status) " +
      "VALUES (1, 'ap', 't', 100, ?, 'complete')"
  ).run(100 - index);
  const put = db.prepare(
    "INSERT INTO requests (pass_id, strategy, scheduled_ms, start_ms, end_ms, ok, attempts, stream, request_id) " +
      "VALUES (1, 'ap', ?, ?, ?, 1, 1, 0, ?)"
  );
  for (const [id, scheduled, end] of requests) put.run(scheduled, scheduled, end, id);
  db.close();
  return dir;
}

describe("merging shard runs", () => {
  it("moves each shard's times by its skew, stamps its rows, and numbers them in time order", () => {
    const root = mkdtempSync(join(tmpdir(), "fl-merge-"));
    const a = shardRun(root, 0, 2, [
      ["fl-1-0", 0, 10],
      ["fl-1-2", 20, 30],
    ]);
    const b = shardRun(root, 1, 5, [["fl-1-1", 10, 12]]);
    const r = mergeShardRuns([b, a], join(root, "merged"));
    expect(r).toMatchObject({ shards: 2, rows: { requests: 3 } });
    const db = new Database(join(root, "merged", "events.db"), { readonly: true });
    expect(db.prepare("SELECT id, request_id, scheduled_ms, end_ms, shard FROM requests ORDER BY id").all()).toEqual([
      { id: 1, request_id: "fl-1-0", scheduled_ms: 2, end_ms: 12, shard: 0 },
      { id: 2, request_id: "fl-1-1", scheduled_ms: 15, end_ms: 17, shard: 1 },
      { id: 3, request_id: "fl-1-2", scheduled_ms: 22, end_ms: 32, shard: 0 },
    ]);
    // The pass ended when its last shard did, on the shared time base.
    expect(db.prepare("SELECT end_ms, status FROM passes").get()).toEqual({ end_ms: 104, status: "complete" });
    const meta = Object.fromEntries(
      (db.prepare("SELECT key, value FROM meta").all() as Array<{ key: string; value: string }>).map((m) => [
        m.key,
        m.value,
      ])
    );
    expect(meta["shard_index"]).toBeUndefined();
    expect(JSON.parse(meta["shard_start_skew_ms"]!)).toEqual({ "0": { "1": 2 }, "1": { "1": 5 } });
    db.close();
    expect(() => mergeShardRuns([a, b], join(root, "merged"))).toThrow(/already holds a run/);
  });
});
