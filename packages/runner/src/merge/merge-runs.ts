import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { EVENTS_DB_TABLES, type TableContract } from "@faultline/contracts";
import { INDEX_SQL, SCHEMA_SQL } from "@faultline/eventlog";
import { checkShards } from "./check-shards.js";
import { conflict, readShardRun, type ShardRunInfo } from "./shard-run.js";

/** What a merge produced. */
export interface MergeResult {
  runDir: string;
  shards: number;
  /** Rows copied per table, all shards together. */
  rows: Record<string, number>;
}

/** Tables with one row per run or per pass, merged by hand below; every other table is rows to copy. */
const RUN_TABLES = new Set(["meta", "passes", "nodes"]);
/**
 * Not merged: each shard's routing ledger is a hash chain of its own, and splicing chains would
 * either break them or re-seal them (which is what a ledger must never need). Each shard's run
 * folder keeps its ledger, which `faultline audit verify <shard run>` checks.
 */
const SHARD_ONLY_TABLES = new Set(["ledger"]);

/** The column rows are re-numbered by, so a merged table reads in time order like a single run's. */
const TIME_ORDER: Record<string, string> = {
  requests: "end_ms",
  attacks: "planned_ms",
  routing_events: "t_ms",
  node_events: "t_ms",
  node_attempts: "end_ms",
  samples: "t_ms",
};

/**
 * Merges the events.db of every shard of one run into one run folder. Each shard's pass clock
 * started at the shared start plus its measured skew, so its times are moved by that skew: all
 * shards then share one time base, the planned start. Ids are re-numbered; request ids were
 * unique across shards already (numbered by place in the whole schedule).
 */
export function mergeShardRuns(dirs: string[], outDir: string): MergeResult {
  const shards = checkShards(dirs.map(readShardRun));
  const runDir = resolve(outDir);
  if (existsSync(join(runDir, "events.db")))
    throw conflict(`--out ${outDir} already holds a run (events.db); give a new folder`);
  mkdirSync(runDir, { recursive: true });
  const out = new Database(join(runDir, "events.db"));
  const rows: Record<string, number> = {};
  try {
    out.exec(SCHEMA_SQL);
    out.transaction(() => {
      writeMeta(out, shards);
      writePasses(out, shards);
    })();
    // SQLite attaches and detaches only outside a transaction: one shard at a time, each copied in one.
    for (const s of shards) {
      out.prepare("ATTACH DATABASE ? AS shard").run(s.dbPath);
      out.transaction(() => {
        if (s.index === 0) out.exec("INSERT INTO nodes SELECT * FROM shard.nodes");
        for (const [table, contract] of Object.entries(EVENTS_DB_TABLES as Record<string, TableContract>)) {
          if (RUN_TABLES.has(table) || SHARD_ONLY_TABLES.has(table)) continue;
          rows[table] = (rows[table] ?? 0) + copyRows(out, table, contract, s);
        }
      })();
      out.exec("DETACH DATABASE shard");
    }
    out.transaction(() => {
      for (const [table, column] of Object.entries(TIME_ORDER)) renumber(out, table, column);
    })();
    out.exec(INDEX_SQL);
  } finally {
    out.close();
  }
  return { runDir, shards: shards.length, rows };
}

/** Copies one table's rows of one shard, times moved by the shard's skew, stamped with its index. */
function copyRows(out: Database.Database, table: string, contract: TableContract, s: ShardRunInfo): number {
  const columns = Object.keys(contract.columns).filter((c) => c !== "id" && c !== "shard");
  // A shard whose pass ended before its clock started measured no skew for it: its times stay as they are.
  const whens = Object.entries(s.skewMs).map(([pass, ms]) => `WHEN ${Number(pass)} THEN ${Number(ms)}`);
  const skew = whens.length ? `CASE pass_id ${whens.join(" ")} ELSE 0 END` : "0";
  const select = columns.map((c) => (c.endsWith("_ms") ? `${c} + (${skew})` : c));
  const stamped = "shard" in contract.columns;
  const sql =
    `INSERT INTO main.${table} (${[...columns, ...(stamped ? ["shard"] : [])].join(", ")}) ` +
    `SELECT ${[...select, ...(stamped ? [String(s.index)] : [])].join(", ")} FROM shard.${table}`;
  return out.prepare(sql).run().changes;
}

/** Re-numbers a table's row ids in (pass, time) order: each shard's rows went in one after the other. */
function renumber(out: Database.Database, table: string, column: string): void {
  if (!("id" in (EVENTS_DB_TABLES as Record<string, TableContract>)[table]!.columns)) return;
  out.exec(`CREATE TEMP TABLE ordered AS SELECT * FROM main.${table} ORDER BY pass_id, ${column}, id`);
  out.exec(`DELETE FROM main.${table}`);
  const columns = Object.keys((EVENTS_DB_TABLES as Record<string, TableContract>)[table]!.columns)
    .filter((c) => c !== "id")
    .join(", ");
  out.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM temp.ordered ORDER BY rowid`);
  out.exec("DROP TABLE temp.ordered");
}

/** Shard 0's meta, with the shards' skews and folders, and complete only when every shard was. */
function writeMeta(out: Database.Database, shards: ShardRunInfo[]): void {
  const meta: Record<string, string> = { ...shards[0]!.meta };
  delete meta["shard_index"];
  meta["shard_start_skew_ms"] = JSON.stringify(Object.fromEntries(shards.map((s) => [String(s.index), s.skewMs])));
  meta["merged_from"] = JSON.stringify(shards.map((s) => s.dir));
  meta["complete"] = shards.every((s) => s.meta["complete"] === "1") ? "1" : "0";
  const put = out.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
  for (const [k, v] of Object.entries(meta)) put.run(k, v);
}

/** One row per pass: it ended when its last shard did, and is complete only when every shard's was. */
function writePasses(out: Database.Database, shards: ShardRunInfo[]): void {
  const put = out.prepare(
    "INSERT INTO passes (id, strategy, repeat, started_at, planned_ms, end_ms, status, abort_reason) " +
      "VALUES (@id, @strategy, @repeat, @started_at, @planned_ms, @end_ms, @status, @abort_reason)"
  );
  for (const p of shards[0]!.passes) {
    const views = shards.map((s) => ({ s, p: s.passes.find((q) => q.id === p.id)! }));
    const ends = views.map(({ s, p: q }) => (q.end_ms === null ? null : q.end_ms + (s.skewMs[String(q.id)] ?? 0)));
    const bad = views.find(({ p: q }) => q.status !== "complete");
    put.run({
      ...p,
      end_ms: ends.includes(null) ? null : Math.max(...(ends as number[])),
      status: bad ? bad.p.status : "complete",
      abort_reason: bad ? `shard ${bad.s.index}: ${bad.p.abort_reason ?? bad.p.status}` : null,
    });
  }
}
