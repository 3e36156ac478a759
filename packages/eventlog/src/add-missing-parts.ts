import type Database from "better-sqlite3";
import { SCHEMA_SQL, SCHEMA_TABLES } from "./schema.js";

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
  const columnsOf = db.prepare("SELECT name FROM pragma_table_info(?)");
  for (const [table, contract] of SCHEMA_TABLES) {
    const present = new Set((columnsOf.all(table) as Array<{ name: string }>).map((c) => c.name));
    for (const [name, c] of Object.entries(contract.columns)) {
      if (present.has(name)) continue;
      // SQLite adds a NOT NULL column only with a default; an older row simply has none of it.
      const fill = c.default !== undefined ? ` NOT NULL DEFAULT ${c.default}` : "";
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${c.type}${fill}`);
    }
  }
}
