import type Database from "better-sqlite3";
import { SCHEMA_SQL } from "./schema.js";

/**
 * A log from an older schema gets the tables and columns it lacks, empty, so
 * one set of queries reads every version (a version-1 run has no node-side
 * attempts: its black-box figures come out null). Needs a writable file; a
 * log opened read-only is read as it is, and readers check for node_attempts.
 */
export function addMissingParts(db: Database.Database): void {
  const hasRequests =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'requests'").get() !== undefined;
  if (!hasRequests) return;
  db.exec(SCHEMA_SQL);
  const columns = db.prepare("SELECT name FROM pragma_table_info('requests')").all() as Array<{ name: string }>;
  for (const [name, type] of [
    ["request_id", "TEXT"],
    ["text_hash", "INTEGER"],
    ["text_chars", "INTEGER"],
    ["residency", "TEXT"],
  ]) {
    if (!columns.some((c) => c.name === name)) db.exec(`ALTER TABLE requests ADD COLUMN ${name} ${type}`);
  }
  const nodeColumns = db.prepare("SELECT name FROM pragma_table_info('nodes')").all() as Array<{ name: string }>;
  for (const [name, type] of [
    ["jurisdiction", "TEXT"],
    ["tier", "TEXT"],
    ["quality", "REAL"],
  ]) {
    if (!nodeColumns.some((c) => c.name === name)) db.exec(`ALTER TABLE nodes ADD COLUMN ${name} ${type}`);
  }
}
