import { existsSync } from "node:fs";
import { EVENTS_DB_SCHEMA_VERSION, READABLE_EVENTS_DB_VERSIONS } from "@faultline/contracts";
import { FaultlineError } from "@faultline/core";
import { openEventLogForRead } from "@faultline/eventlog";
import type Database from "better-sqlite3";
import { AnalyticsErrorCodes } from "./errors.js";

/** One pass row with its effective end (a killed run has no end_ms: the last request ends it). */
export interface PassRow {
  id: number;
  strategy: string;
  repeat: number;
  status: string;
  plannedMs: number;
  endMs: number;
}

/** An opened events.db with its metadata and passes. */
export interface RunDb {
  db: Database.Database;
  meta: Record<string, string>;
  passes: PassRow[];
}

/** Opens events.db for analysis; errors name the path and what to do. */
export function openRunDb(dbPath: string): RunDb {
  if (!existsSync(dbPath)) {
    throw new FaultlineError(
      AnalyticsErrorCodes.FAULTLINE_RUN_NOT_FOUND,
      `${dbPath} does not exist: pass a run directory under results/ that holds events.db (see \`faultline runs\`)`,
      { field: "run-dir" }
    );
  }
  let db: Database.Database;
  try {
    db = openEventLogForRead(dbPath);
    // 16 MB of page cache: the reads are index range scans in time order, which the OS cache serves as well.
    db.pragma("cache_size = -16384");
    db.pragma("temp_store = MEMORY");
  } catch (cause) {
    throw new FaultlineError(
      AnalyticsErrorCodes.FAULTLINE_RUN_UNREADABLE,
      `${dbPath} is not a faultline event log (${(cause as Error).message}); rerun the scenario to produce a new one`,
      { field: "run-dir", cause }
    );
  }
  const meta: Record<string, string> = {};
  for (const r of db.prepare("SELECT key, value FROM meta ORDER BY key").all() as Array<{ key: string; value: string }>)
    meta[r.key] = r.value;
  refuseUnreadableVersion(db, dbPath, meta["schema_version"]);
  const rows = db
    .prepare(
      `SELECT p.id, p.strategy, p.repeat, p.status, p.planned_ms AS plannedMs,
              COALESCE(p.end_ms, (SELECT MAX(end_ms) FROM requests r WHERE r.pass_id = p.id), 0) AS endMs
       FROM passes p ORDER BY p.id`
    )
    .all() as PassRow[];
  if (rows.length === 0) {
    db.close();
    throw new FaultlineError(
      AnalyticsErrorCodes.FAULTLINE_RUN_EMPTY,
      `${dbPath} holds no pass: the run stopped before its first strategy began; rerun it`,
      { field: "run-dir" }
    );
  }
  return { db, meta, passes: rows };
}

/**
 * Refuses an events.db written under a schema version this build cannot read,
 * before any query fails on a missing or renamed column. A file without the
 * meta key predates it and is version 1.
 */
function refuseUnreadableVersion(db: Database.Database, dbPath: string, raw: string | undefined): void {
  const version = raw === undefined ? 1 : Number(raw);
  if (READABLE_EVENTS_DB_VERSIONS.includes(version)) return;
  db.close();
  const which = version > EVENTS_DB_SCHEMA_VERSION ? "newer than this faultline reads" : "not one this faultline reads";
  throw new FaultlineError(
    AnalyticsErrorCodes.FAULTLINE_RUN_UNREADABLE,
    `${dbPath} has events.db schema version ${raw}, ${which} (it reads ` +
      `${READABLE_EVENTS_DB_VERSIONS.join(", ")}); report it with the faultline that wrote it ` +
      `(meta faultline_version), or upgrade`,
    { field: "run-dir" }
  );
}

/** Parses a JSON meta value, or returns `fallback` when absent or malformed. */
export function metaJson<T>(meta: Record<string, string>, key: string, fallback: T): T {
  const raw = meta[key];
  if (raw === undefined) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}
