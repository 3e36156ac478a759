import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { FaultlineError } from "@faultline/core";
import { openEventLogForRead } from "@faultline/eventlog";
import { RunnerErrorCodes } from "../errors.js";

/** One pass as a shard recorded it. */
export interface ShardPass {
  id: number;
  strategy: string;
  repeat: number;
  started_at: string;
  planned_ms: number;
  end_ms: number | null;
  status: string;
  abort_reason: string | null;
}

/** What merge reads of one shard's run folder before copying its rows. */
export interface ShardRunInfo {
  dir: string;
  dbPath: string;
  meta: Record<string, string>;
  index: number;
  count: number;
  passes: ShardPass[];
  /** How late each pass clock started against the shared start, by pass id. */
  skewMs: Record<string, number>;
}

/** Reads a shard's meta and passes; a folder that is not a shard run is refused, naming it. */
export function readShardRun(dir: string): ShardRunInfo {
  const abs = resolve(dir);
  const dbPath = join(abs, "events.db");
  if (!existsSync(dbPath)) throw conflict(`${dir}: no events.db there (give the run folders the shards wrote)`);
  const db = openEventLogForRead(dbPath);
  try {
    const meta = Object.fromEntries(
      (db.prepare("SELECT key, value FROM meta").all() as Array<{ key: string; value: string }>).map((r) => [
        r.key,
        r.value,
      ])
    );
    if (meta["shard_index"] === undefined || meta["shard_count"] === undefined)
      throw conflict(`${dir}: not a shard (its meta has no shard_index; record each shard with run --shard <i>/<n>)`);
    const passes = db.prepare("SELECT * FROM passes ORDER BY id").all() as ShardPass[];
    return {
      dir: abs,
      dbPath,
      meta,
      index: Number(meta["shard_index"]),
      count: Number(meta["shard_count"]),
      passes,
      skewMs: JSON.parse(meta["shard_start_skew_ms"] ?? "{}") as Record<string, number>,
    };
  } finally {
    db.close();
  }
}

/** A merge refused because the inputs are not all the shards of one run. */
export function conflict(message: string): FaultlineError {
  return new FaultlineError(RunnerErrorCodes.MERGE_CONFLICT, message, { field: "runs" });
}
