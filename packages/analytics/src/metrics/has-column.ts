import type Database from "better-sqlite3";

/** Whether a table has a column: a file from an older schema version, opened read-only, may lack one. */
export const hasColumn = (db: Database.Database, table: string, column: string): boolean =>
  db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?").get(table, column) !== undefined;
